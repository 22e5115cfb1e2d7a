package com.opportunityengine.command.config;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.common.AccessBeforeVersion;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.pipeline.PipelineConfig;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.store.EventLogReader;
import java.time.Clock;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wiring for the aggregates (Opportunity, Customer, Deal): what their command handlers take as
 * parameters ({@link Pipelines}, from {@link PipelineConfig}, {@link AggregateDirectory}, {@link Clock}, and the
 * {@code Actor} read from the command's metadata), the opportunity's snapshot trigger
 * ({@code engine.snapshot-threshold} events, default 100), the aggregate cache, and the interceptor that
 * carries business error codes in {@code CommandExecutionException} details.
 */
@Configuration(proxyBeanMethods = false)
@Import(PipelineConfig.class)
class AggregateConfig {

    @Bean
    AggregateDirectory aggregateDirectory(EventStore eventStore) {
        return new EventStoreAggregateDirectory(eventStore);
    }

    @Bean(AccessBeforeVersion.BEAN)
    CommandTargetResolver versionAfterAccess() {
        return new AccessBeforeVersion();
    }

    @Bean
    SnapshotTriggerDefinition opportunitySnapshotTrigger(
            Snapshotter snapshotter, @Value("${engine.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Aggregates this node has loaded or created, kept between commands ({@code cache = "aggregateCache"} on
     * each aggregate), so that the next command on a busy opportunity needs no read of its stream. The event log
     * stays the authority: an entry is checked against it before each use ({@link FreshAggregateCache}), so a change
     * another command node made is never missed; and if another node appends between that check and this node's
     * append, the append fails on the stream's unique key (nothing written), Axon drops the entry with the
     * rolled-back unit of work and the retry ({@link ConflictRetryScheduler}) loads the stream afresh.
     */
    @Bean
    Cache aggregateCache(ObjectProvider<MongoDatabase> database) {
        MongoDatabase log = database.getIfAvailable();
        // without a store (slice tests of the web layer) nothing is ever cached for long enough to matter
        return log == null
                ? new WeakReferenceCache()
                : new FreshAggregateCache(new WeakReferenceCache(), new EventLogReader(log));
    }

    /** The {@code Actor} parameter of command handlers; Axon's Spring configuration uses every such bean. */
    @Bean
    ParameterResolverFactory actorParameterResolverFactory() {
        return new ActorParameterResolverFactory();
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
