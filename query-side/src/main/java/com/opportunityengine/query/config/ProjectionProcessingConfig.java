package com.opportunityengine.query.config;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.readmodel.PipelineCatalog;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the projections run: every processing group on a pooled streaming processor reading the
 * command side's event log (Axon's {@code EventStore}), its tokens in the {@code TokenStore} bean,
 * events of one aggregate in order, and a MongoDB dead-letter queue per group sequenced by aggregate
 * id, so a poison event parks the later events of its own opportunity and no other.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
class ProjectionProcessingConfig {

    @Bean
    ConfigurerModule projectionProcessing(MongoDatabase database, QueryProperties properties,
                                          ListableBeanFactory beans) {
        MongoTemplate deadLetterTemplate = DefaultMongoTemplate.builder()
                .mongoDatabase(database)
                .deadLetterCollectionName(properties.deadLetterCollection())
                .build();
        return configurer -> configurer.eventProcessing(processing -> {
            processing.configureDefaultStreamableMessageSource(config -> config.eventStore())
                    .usingPooledStreamingEventProcessors((config, builder) -> builder
                            .initialSegmentCount(properties.segments())
                            .batchSize(properties.batchSize()))
                    .registerDefaultSequencingPolicy(config -> SequentialPerAggregatePolicy.instance())
                    .registerDeadLetterQueueProvider(group -> config -> deadLetterQueue(
                            group, deadLetterTemplate, config.eventSerializer()));
            for (String group : processingGroups(beans)) {
                // a replay clears the group's dead letters along with its read model
                processing.registerDeadLetteringEventHandlerInvokerConfiguration(group, (config, builder) -> builder
                        .allowReset(true)
                        .enableSequenceIdentifierCache());
            }
        });
    }

    /** Pipelines for stage names and default probabilities; only the default pipeline until a registry is wired. */
    @Bean
    @ConditionalOnMissingBean
    PipelineCatalog pipelineCatalog() {
        return PipelineCatalog.defaultOnly();
    }

    private static SequencedDeadLetterQueue<EventMessage<?>> deadLetterQueue(
            String group, MongoTemplate template, org.axonframework.serialization.Serializer serializer) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(group)
                .mongoTemplate(template)
                .serializer(serializer)
                .build();
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
