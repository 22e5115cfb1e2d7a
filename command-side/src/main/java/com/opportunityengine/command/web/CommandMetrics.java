package com.opportunityengine.command.web;

import com.opportunityengine.command.config.ConflictRetryScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code engine.commands}: how long each command of the API took from the request's send to its answer (retries
 * after a lost race included), by command and outcome: {@code success}; {@code rejected}, a 4xx the caller can act on
 * (a business rule, an unknown id, a stale {@code If-Match}, an id that exists); {@code conflict}, a race still lost
 * after the retries (409); {@code error}, anything else (a 5xx: a bug or a store that failed).
 */
@Component
class CommandMetrics {

    static final String TIMER = "engine.commands";

    private final MeterRegistry registry;
    private final CommandProblems problems;

    CommandMetrics(ObjectProvider<MeterRegistry> registry, CommandProblems problems) {
        this.registry = registry.getIfAvailable(CompositeMeterRegistry::new);
        this.problems = problems;
    }

    void record(Object command, long startedNanos, RuntimeException failure) {
        ConflictRetryScheduler.retries(registry, command.getClass().getSimpleName());
        Timer.builder(TIMER)
                .description("Commands of the API, from send to answer, by command and outcome")
                .tag("command", command.getClass().getSimpleName())
                .tag("outcome", outcome(failure))
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private String outcome(RuntimeException failure) {
        if (failure == null) {
            return "success";
        }
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return "conflict";
            }
        }
        return problems.translate(failure).isPresent() ? "rejected" : "error";
    }
}
