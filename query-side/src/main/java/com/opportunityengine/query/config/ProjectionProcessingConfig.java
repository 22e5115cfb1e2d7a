package com.opportunityengine.query.config;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.pipeline.ConfiguredPipelines;
import com.opportunityengine.pipeline.PipelineProperties;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.query.store.FlushAtEndOfBatch;
import com.opportunityengine.query.store.OversizedLetters;
import com.opportunityengine.store.ReadModels;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the projections run: every processing group on a pooled streaming processor reading the
 * command side's event log (Axon's {@code EventStore}), its tokens in the {@code TokenStore} bean,
 * events of one aggregate in order, and a MongoDB dead-letter queue per group sequenced by aggregate
 * id, so a poison event parks the later events of its own opportunity and no other. Within a batch the
 * projections' writes are staged and flushed at the batch's end ({@link FlushAtEndOfBatch}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({QueryProperties.class, PipelineProperties.class})
public class ProjectionProcessingConfig {

    /** The processing group of {@code query.winprobability}'s projection (named here to keep packages apart). */
    static final String WIN_PROBABILITY_GROUP = "win-probability";

    @Bean
    ConfigurerModule projectionProcessing(
            @ReadModels MongoDatabase database,
            QueryProperties properties,
            ListableBeanFactory beans,
            MaxSegmentProvider fairShare,
            @Value("${engine.query.claim-interval:1s}") Duration claimInterval) {
        MongoTemplate deadLetterTemplate = deadLetterTemplate(database, properties);
        Sharing sharing = new Sharing(fairShare, claimInterval);
        return configurer -> configurer.eventProcessing(
                processing -> configure(processing, deadLetterTemplate, properties, processingGroups(beans), sharing));
    }

    /**
     * How a processor shares its segments with the other query nodes: this node's quota, asked on every round of the
     * processor's coordinator, and how often the coordinator looks for segments to claim.
     */
    public record Sharing(MaxSegmentProvider quota, Duration claimInterval) {

        /** One node alone: it may hold every segment (Axon's defaults). */
        public static final Sharing ALONE = new Sharing(MaxSegmentProvider.maxShort(), Duration.ofSeconds(5));
    }

    /** {@link #configure(EventProcessingConfigurer, MongoTemplate, QueryProperties, Collection, Sharing)} alone. */
    public static void configure(
            EventProcessingConfigurer processing,
            MongoTemplate deadLetterTemplate,
            QueryProperties properties,
            Collection<String> groups) {
        configure(processing, deadLetterTemplate, properties, groups, Sharing.ALONE);
    }

    /**
     * Applies the query side's processing rules to an Axon configuration (also used by tests that run
     * projections without Spring).
     *
     * @param groups the processing groups whose dead-letter queue is cleared along with a replay and whose
     *               writes are flushed at the end of each batch
     * @param sharing how the processors share their segments with other nodes
     */
    public static void configure(
            EventProcessingConfigurer processing,
            MongoTemplate deadLetterTemplate,
            QueryProperties properties,
            Collection<String> groups,
            Sharing sharing) {
        processing
                .configureDefaultStreamableMessageSource(config -> config.eventStore())
                .usingPooledStreamingEventProcessors(
                        (config, builder) -> builder.initialSegmentCount(properties.segments())
                                .batchSize(properties.batchSize())
                                .maxSegmentProvider(sharing.quota())
                                .tokenClaimInterval(sharing.claimInterval().toMillis()))
                .registerDefaultSequencingPolicy(config -> SequentialPerAggregatePolicy.instance())
                // a batch that fails (its flush included) must stop the work package, so that it is handled again
                // from the last stored token; an error handler that carried on would store the next batch's token
                .registerDefaultErrorHandler(config -> PropagatingErrorHandler.instance())
                .registerDeadLetterQueueProvider(
                        group -> config -> deadLetterQueue(group, deadLetterTemplate, config.eventSerializer()));
        // the win-probability learner is fed in one order: one segment (its reads rebuild from the log anyway)
        processing.registerPooledStreamingEventProcessorConfiguration(
                WIN_PROBABILITY_GROUP,
                (config, builder) -> builder.initialSegmentCount(1)
                        .batchSize(properties.batchSize())
                        .maxSegmentProvider(sharing.quota())
                        .tokenClaimInterval(sharing.claimInterval().toMillis()));
        for (String group : groups) {
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(
                    group, (config, builder) -> builder.allowReset(true).enableSequenceIdentifierCache());
            // the projections' writes of a batch are staged and flushed at its end, before its token is stored
            processing.registerHandlerInterceptor(group, config -> new FlushAtEndOfBatch());
        }
    }

    /** A template whose dead-letter collection is the configured one (the other collections go unused). */
    public static MongoTemplate deadLetterTemplate(@ReadModels MongoDatabase database, QueryProperties properties) {
        return DefaultMongoTemplate.builder()
                .mongoDatabase(database)
                .deadLetterCollectionName(properties.deadLetterCollection())
                .build();
    }

    /**
     * Pipelines for stage names and default probabilities: the command side's {@link Pipelines} registry
     * when it runs in the same app, else one built the same way from {@code engine.pipelines.*}.
     */
    @Bean
    @ConditionalOnMissingBean
    PipelineCatalog pipelineCatalog(ObjectProvider<Pipelines> registry, PipelineProperties pipelineProperties) {
        Pipelines pipelines =
                registry.getIfAvailable(() -> new Pipelines(List.of(new ConfiguredPipelines(pipelineProperties))));
        return pipelines::find;
    }

    private static SequencedDeadLetterQueue<EventMessage<?>> deadLetterQueue(
            String group, MongoTemplate template, org.axonframework.serialization.Serializer serializer) {
        // a letter too large for the store is kept without its payload (OversizedLetters), never refused
        return new OversizedLetters(MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(group)
                .mongoTemplate(template)
                .serializer(serializer)
                .build());
    }

    /** The processing groups of every event handler bean in the context. */
    static Set<String> processingGroups(ListableBeanFactory beans) {
        Set<String> groups = new TreeSet<>();
        Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .map(name -> beans.findAnnotationOnBean(name, ProcessingGroup.class))
                .filter(Objects::nonNull)
                .forEach(annotation -> groups.add(annotation.value()));
        return groups;
    }
}
