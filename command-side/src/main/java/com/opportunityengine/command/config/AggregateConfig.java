package com.opportunityengine.command.config;

import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.pipeline.ConfiguredPipelines;
import com.opportunityengine.command.pipeline.PipelineProperties;
import com.opportunityengine.command.pipeline.PipelineSource;
import com.opportunityengine.command.pipeline.Pipelines;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Wiring for the aggregates (Opportunity, Customer, Deal): what their command handlers take as
 * parameters ({@link Pipelines}, {@link AggregateDirectory}, {@link Clock}), the opportunity's
 * snapshot trigger ({@code engine.snapshot-threshold} events, default 100), and the interceptor
 * that carries business error codes in {@code CommandExecutionException} details.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
class AggregateConfig {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConfiguredPipelines configuredPipelines(PipelineProperties properties) {
        return new ConfiguredPipelines(properties);
    }

    /** Every {@link PipelineSource} bean, in bean order: a store-backed source can join later. */
    @Bean
    Pipelines pipelines(ObjectProvider<PipelineSource> sources) {
        return new Pipelines(sources.orderedStream().toList());
    }

    @Bean
    AggregateDirectory aggregateDirectory(EventStore eventStore) {
        return new EventStoreAggregateDirectory(eventStore);
    }

    @Bean
    SnapshotTriggerDefinition opportunitySnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${engine.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Axon's InterceptorAutoConfiguration registers every {@code MessageHandlerInterceptor} bean
     * for commands on the command bus; registering it here as well would wrap twice.
     */
    @Bean
    MessageHandlerInterceptor<CommandMessage<?>> businessErrorInterceptor() {
        return new BusinessErrorInterceptor();
    }
}
