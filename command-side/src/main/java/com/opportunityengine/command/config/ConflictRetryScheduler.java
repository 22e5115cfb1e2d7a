package com.opportunityengine.command.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

/**
 * Sends a command again when its append lost a race: another request (on this node or on any other command node
 * sharing the store) appended to the same aggregate first, so the unique stream key refused this one and nothing was
 * written ({@link ConcurrencyException}). The retry loads the aggregate afresh and decides again on its new state,
 * so a command that is still valid succeeds and one that no longer is gets its business rule's answer. Also retried:
 * an {@code If-Match} naming a version newer than the one this node had cached (another node moved the aggregate on);
 * an {@code If-Match} older than the aggregate is the caller's stale read and answered 412 at once. Everything else
 * is final. Waits are exponential with full jitter (a random wait up to {@code base * 2^attempt}, at most the cap), so
 * two nodes racing on one opportunity spread out instead of colliding in step. Each retry counts in
 * {@code engine.command.retries} by command.
 */
public final class ConflictRetryScheduler extends AbstractRetryScheduler {

    public static final String RETRIES = "engine.command.retries";

    private final long baseMillis;
    private final long capMillis;
    private final MeterRegistry registry;

    private ConflictRetryScheduler(Builder builder) {
        super(builder);
        this.baseMillis = builder.baseMillis;
        this.capMillis = builder.capMillis;
        this.registry = builder.registry;
    }

    public static ConflictRetryScheduler create(
            ScheduledExecutorService executor,
            int maxRetries,
            long baseMillis,
            long capMillis,
            MeterRegistry registry) {
        Builder builder = new Builder();
        builder.baseMillis = baseMillis;
        builder.capMillis = capMillis;
        builder.registry = registry;
        builder.retryExecutor(executor).maxRetryCount(maxRetries);
        return new ConflictRetryScheduler(builder);
    }

    /** An append that lost to a concurrent one, or a version check against a cache that was behind. */
    public static boolean isLostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
            if (cause instanceof ConflictingAggregateVersionException version) {
                return version.getExpectedVersion() > version.getActualVersion();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Final unless the failure is a lost race. (Axon's own check asks a predicate of every cause in turn and calls the
     * failure final when any cause is: the duplicate-key error under a lost race would be.)
     */
    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        return !isLostRace(failure);
    }

    @Override
    protected long computeRetryInterval(
            CommandMessage commandMessage, RuntimeException lastFailure, List<Class<? extends Throwable>[]> failures) {
        int attempt = Math.min(failures.size(), 20);
        long bound = Math.min(capMillis, baseMillis << attempt);
        return ThreadLocalRandom.current().nextLong(bound + 1);
    }

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable dispatchTask) {
        boolean scheduled = super.scheduleRetry(commandMessage, lastFailure, failures, dispatchTask);
        if (scheduled) {
            retries(registry, commandMessage.getPayloadType().getSimpleName()).increment();
        }
        return scheduled;
    }

    /** The retry counter of one command (registered with the command's first use, so a dashboard shows a zero). */
    public static Counter retries(MeterRegistry registry, String command) {
        return Counter.builder(RETRIES)
                .description("Commands sent again after their append lost a race on the same aggregate")
                .tag("command", command)
                .register(registry);
    }

    static final class Builder extends AbstractRetryScheduler.Builder<Builder> {
        private long baseMillis;
        private long capMillis;
        private MeterRegistry registry;
    }
}
