package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.store.EventHashes;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import com.opportunityengine.store.upcasting.ContactLoggedUpcaster;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The running head over the log, and old-revision events living on in the log. */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditHeadAndEvolutionIT {

    static final Path DATA = AuditHttp.newDataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
        registry.add("engine.audit.head-interval", () -> "1h"); // the test advances the head itself
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    AuditHead head;

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    List<EventUpcaster> upcasters;

    AuditHttp api;

    @BeforeEach
    void client() {
        api = new AuditHttp(port, DATA);
    }

    MongoCollection<Document> events() {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS);
    }

    @Test
    void aKeptHeadProvesTheLogUpToItAndRevealsDeletedNewestEvents() {
        String id = api.newOpportunity("2026-01-05T09:00:00Z");
        api.logContact(id, "2026-01-06T09:00:00Z");
        head.advance();
        JsonNode kept = AuditHttp.json(api.get("/api/audit/head"));
        long position = kept.get("position").asLong();
        String hash = kept.get("hash").asText();
        assertThat(kept.get("eventsCovered").asLong()).isGreaterThanOrEqualTo(3); // customer + 2
        assertThat(kept.get("at").asText()).isNotBlank();

        List<JsonNode> exported = AuditApiIT.ndjson(api.get("/api/audit/events").body());
        String rechained = null;
        for (JsonNode line : exported) {
            if (line.get("position").asLong() <= position) {
                rechained = EventHashes.headHash(
                        rechained,
                        line.get("position").asLong(),
                        line.get("hash").asText());
            }
        }
        assertThat(rechained).as("an auditor re-chaining the export").isEqualTo(hash);

        JsonNode check = AuditHttp.json(api.get("/api/audit/head/verify?position=" + position + "&hash=" + hash));
        assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();

        api.logContact(id, "2026-01-07T09:00:00Z");
        JsonNode later = AuditHttp.json(api.get("/api/audit/head/verify?position=" + position + "&hash=" + hash));
        assertThat(later.get("ok").asBoolean())
                .as("appending does not disturb an older head")
                .isTrue();
        assertThat(head.advance().position()).isGreaterThan(position);

        assertThat(events().deleteOne(Filters.eq("_id", position)).getDeletedCount())
                .isEqualTo(1);
        JsonNode broken = AuditHttp.json(api.get("/api/audit/head/verify?position=" + position + "&hash=" + hash));
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(broken.get("eventsCovered").asLong())
                .isEqualTo(kept.get("eventsCovered").asLong() - 1);
    }

    @Test
    void revisionOneEventsStillLoadVerifyShowAndReplayAsRevisionTwo() {
        assertThat(upcasters).anyMatch(u -> u instanceof ContactLoggedUpcaster);
        String template = api.newOpportunity("2026-01-05T09:00:00Z");
        api.logContact(template, "2026-01-06T09:00:00Z");
        String id = UUID.randomUUID().toString();
        writeAsRevisionOne(template, id);

        JsonNode verified = AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/verify"));
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checked").asLong()).isEqualTo(2);

        HttpResponse<String> contact = api.post(
                "/api/opportunities/" + id + "/contacts",
                "{\"channel\": \"EMAIL\", \"direction\": \"INBOUND\", \"summary\": \"reply\"}");
        assertThat(contact.statusCode())
                .as("the aggregate loads its old events: " + contact.body())
                .isEqualTo(201);
        assertThat(AuditHttp.json(contact).get("version").asLong()).isEqualTo(2);

        JsonNode items = AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/events"))
                .get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(1).get("revision").asText()).isEqualTo("1");
        assertThat(items.get(1).get("payload").has("durationMinutes")).isFalse();
        assertThat(items.get(2).get("revision").asText()).isEqualTo("2");
        assertThat(AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/verify"))
                        .get("checked")
                        .asLong())
                .isEqualTo(3);

        List<SerializedObject<String>> replayed = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (message instanceof DomainEventMessage<?> domain
                        && id.equals(domain.getAggregateIdentifier())
                        && message.getPayload() instanceof ContactLogged) {
                    replayed.add(message.serializePayload(eventSerializer, String.class));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(replayed).hasSize(2);
        assertThat(replayed).allSatisfy(payload -> {
            assertThat(payload.getType().getRevision()).isEqualTo("2");
            assertThat(payload.getData()).contains("\"durationMinutes\"");
        });
    }

    /** Copies the template's two events under a new id as revision-1 documents with a correct chain. */
    void writeAsRevisionOne(String template, String id) {
        Document counter = database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                .findOneAndUpdate(
                        Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID),
                        Updates.inc("value", 2L),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        long position = counter.get("value", Number.class).longValue() - 1;
        String previous = null;
        for (long sequence = 0; sequence < 2; sequence++) {
            Document original = events().find(Filters.eq("streamKey", template + "#" + sequence))
                    .first();
            Document old = new Document(original);
            old.remove("hash");
            old.remove("previousHash");
            String payload = original.getString("payload").replace(template, id);
            if (original.getString("payloadType").endsWith("ContactLogged")) {
                ObjectNode node = readObject(payload);
                node.remove("durationMinutes");
                payload = node.toString();
                old.put("payloadRevision", "1");
            }
            old.put("_id", position + sequence);
            old.put("streamKey", id + "#" + sequence);
            old.put("aggregateIdentifier", id);
            old.put("eventIdentifier", UUID.randomUUID().toString());
            old.put("payload", payload);
            String hash = EventHashes.eventHash(old, previous);
            old.put("previousHash", previous);
            old.put("hash", hash);
            events().insertOne(old);
            previous = hash;
        }
    }

    private static ObjectNode readObject(String json) {
        try {
            return (ObjectNode) AuditHttp.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
