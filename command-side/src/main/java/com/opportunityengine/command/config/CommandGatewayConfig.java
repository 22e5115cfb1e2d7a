package com.opportunityengine.command.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command gateway every request goes through: Axon's, with a retry scheduler for appends that lost a race on
 * their aggregate ({@link ConflictRetryScheduler}), so any command node takes any command without a distributed
 * command bus. {@code engine.command.conflict-retries} (default 8) attempts after the first, waits from
 * {@code engine.command.retry-base} (5 ms) doubling up to {@code engine.command.retry-cap} (200 ms); a command that
 * still loses is answered 409.
 */
@Configuration(proxyBeanMethods = false)
class CommandGatewayConfig {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(
            CommandBus commandBus,
            ScheduledExecutorService commandRetryExecutor,
            ObjectProvider<MeterRegistry> registry,
            @Value("${engine.command.conflict-retries:8}") int retries,
            @Value("${engine.command.retry-base:5ms}") Duration base,
            @Value("${engine.command.retry-cap:200ms}") Duration cap) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(ConflictRetryScheduler.create(
                        commandRetryExecutor,
                        retries,
                        base.toMillis(),
                        cap.toMillis(),
                        registry.getIfAvailable(CompositeMeterRegistry::new)))
                .build();
    }
}
