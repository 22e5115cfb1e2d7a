package com.opportunityengine.store;

import static org.junit.jupiter.api.Assertions.*;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import com.opportunityengine.store.embedded.EmbeddedStoreConfiguration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

@SpringBootTest(
        classes = StoreConfigurationTest.App.class,
        properties = {
            "engine.embedded-mongo.port=0",
            "engine.data-dir=target/store-configuration-test",
            "engine.mongo.uri="
        })
class StoreConfigurationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({StoreConfiguration.class, EmbeddedStoreConfiguration.class})
    static class App {}

    record Recorded(String opportunityId, Instant occurredAt) {}

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    EmbeddedMongoServer embeddedServer;

    @Autowired
    List<HealthIndicator> healthIndicators;

    @Autowired
    MongoDatabase database;

    @Autowired
    @ReadModels
    MongoDatabase readModels;

    @Test
    void everyWriteOfTheDefaultDatabaseIsDurableAndReadModelsDoNotWaitForTheDiskOnTheEmbeddedStore() {
        assertEquals(Durable.WRITE_CONCERN, database.getWriteConcern());
        assertEquals(Boolean.TRUE, database.getWriteConcern().getJournal());
        assertEquals(WriteConcern.W1, readModels.getWriteConcern());
        assertEquals(database.getName(), readModels.getName());
    }

    @Test
    void axonRunsOnTheEventLogWithJacksonAndTheMongoTokenStore() {
        assertInstanceOf(MongoEventLogStorageEngine.class, engine);
        assertInstanceOf(MongoTokenStore.class, tokenStore);
        assertTrue(embeddedServer.port() > 0);

        String id = "opp-" + System.nanoTime();
        Instant occurredAt = Instant.parse("2026-03-01T09:30:00.123456Z");
        eventStore.publish(new GenericDomainEventMessage<>("Opportunity", id, 0, new Recorded(id, occurredAt)));

        Object payload = eventStore.readEvents(id).next().getPayload();
        assertEquals(new Recorded(id, occurredAt), payload, "records with java.time survive Jackson");
        assertTrue(
                healthIndicators.stream().anyMatch(h -> h.health().getStatus().equals(Status.UP)));
    }
}
