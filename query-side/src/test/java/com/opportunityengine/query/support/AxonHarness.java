package com.opportunityengine.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.config.ProjectionProcessingConfig;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon without Spring, wired the way the query side wires it (pooled streaming processors, dead
 * letters in MongoDB), over an in-memory event store: enough to run projections for real in a unit test.
 */
public final class AxonHarness implements AutoCloseable {

    public final Configuration config;

    public AxonHarness(MongoDatabase database, Collection<String> groups, Object... handlers) {
        this(
                database,
                new QueryProperties(Duration.ofSeconds(1), 2, 10, "qv_dead_letters", 1000),
                new InMemoryTokenStore(),
                groups,
                handlers);
    }

    /** With the given processing settings and token store. */
    public AxonHarness(
            MongoDatabase database,
            QueryProperties properties,
            TokenStore tokens,
            Collection<String> groups,
            Object... handlers) {
        ObjectMapper json =
                new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureSerializer(
                        c -> JacksonSerializer.builder().objectMapper(json).build())
                .registerComponent(TokenStore.class, c -> tokens);
        ProjectionProcessingConfig.configure(
                configurer.eventProcessing(),
                ProjectionProcessingConfig.deadLetterTemplate(database, properties),
                properties,
                groups);
        for (Object handler : handlers) {
            configurer.eventProcessing().registerEventHandler(c -> handler);
        }
        config = configurer.start();
    }

    /** Appends an opportunity's events to the log as the command side would. */
    public void append(OpportunityHistory story) {
        List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
        for (Sequenced s : story.sequenced()) {
            messages.add(new GenericDomainEventMessage<>(
                    "Opportunity", s.event().opportunityId().toString(), s.sequence(), s.event()));
        }
        config.eventStore().publish(messages);
    }

    /** Waits (bounded) until the condition holds; fails when it does not in time. */
    public static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        config.shutdown();
    }
}
