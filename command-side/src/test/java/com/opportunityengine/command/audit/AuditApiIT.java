package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit API over real HTTP on the embedded store; tampering goes through the real MongoDB driver. */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditApiIT {

    static final Path DATA = AuditHttp.newDataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    AuditHttp api;

    @BeforeEach
    void client() {
        api = new AuditHttp(port, DATA);
    }

    MongoCollection<Document> events() {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS);
    }

    /** An opportunity with four events: created, two contacts, a stage move. */
    String historyOfFour() {
        String id = api.newOpportunity("2026-01-05T09:00:00Z");
        api.logContact(id, "2026-01-06T09:00:00Z");
        api.logContact(id, "2026-01-07T09:00:00Z");
        HttpResponse<String> stage = api.post(
                "/api/opportunities/" + id + "/stage",
                "{\"stage\": \"solution-discussion\", \"occurredAt\": \"2026-01-08T09:00:00Z\"}");
        assertThat(stage.statusCode()).as(stage.body()).isEqualTo(200);
        return id;
    }

    JsonNode verify(String id) {
        HttpResponse<String> response = api.get("/api/audit/opportunities/" + id + "/verify");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AuditHttp.json(response);
    }

    void tamper(String id, long sequence, Bson update) {
        var result = events().updateOne(Filters.eq("streamKey", id + "#" + sequence), update);
        assertThat(result.getModifiedCount()).isEqualTo(1);
    }

    @Test
    void theHistoryShowsEveryEventWithItsMetadataAndChain() {
        String key = "audit-" + UUID.randomUUID();
        HttpResponse<String> created =
                api.post("/api/opportunities", """
                {"title": "ERP rollout", "customer": {"name": "ACME Ltd"}, "source": "referral",
                 "amount": {"value": "125000.00", "currency": "CNY"}, "ownerId": "alice",
                 "occurredAt": "2026-01-05T09:00:00Z"}
                """, "X-Correlation-Id", "audit-corr-1", "Idempotency-Key", key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = AuditHttp.json(created).get("opportunityId").asText();
        api.logContact(id, "2026-01-06T09:00:00Z");

        HttpResponse<String> response = api.get("/api/audit/opportunities/" + id + "/events");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode items = AuditHttp.json(response).get("items");
        assertThat(items).hasSize(2);
        JsonNode first = items.get(0);
        assertThat(first.get("sequence").asLong()).isZero();
        assertThat(first.get("type").asText()).isEqualTo("OpportunityCreated");
        assertThat(first.get("occurredAt").asText()).isEqualTo("2026-01-05T09:00:00Z");
        assertThat(Instant.parse(first.get("recordedAt").asText())).isAfter(Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(first.get("actor").asText()).isEqualTo("admin");
        assertThat(first.get("correlationId").asText()).isEqualTo("audit-corr-1");
        assertThat(first.get("causationId").asText()).isNotBlank();
        assertThat(first.get("idempotencyKey").asText()).isEqualTo(key);
        assertThat(first.get("clientAddress").asText()).isNotBlank();
        assertThat(first.get("payload").get("title").asText()).isEqualTo("ERP rollout");
        assertThat(first.get("hash").asText()).matches("[0-9a-f]{64}");
        assertThat(first.has("previousHash")).isFalse();
        JsonNode second = items.get(1);
        assertThat(second.get("type").asText()).isEqualTo("ContactLogged");
        assertThat(second.get("revision").asText()).isEqualTo("2");
        assertThat(second.get("previousHash").asText())
                .isEqualTo(first.get("hash").asText());
        assertThat(second.get("causationId").asText())
                .isNotEqualTo(first.get("causationId").asText());
        for (JsonNode item : items) {
            for (String field : List.of("actor", "correlationId", "causationId", "clientAddress")) {
                assertThat(item.hasNonNull(field)).as(field + " of " + item).isTrue();
            }
        }
    }

    @Test
    void anUntouchedHistoryVerifies() {
        String id = historyOfFour();
        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("checked").asLong()).isEqualTo(4);
        assertThat(result.get("keyed").asBoolean()).isFalse();
        assertThat(result.has("firstBrokenSequence")).isFalse();
        assertThat(result.has("problem")).isFalse();
    }

    @Test
    void aPlainChainRewrittenWithRecomputedHashesStillVerifies() {
        // the weakness of the plain chain, which the keyed chain removes (KeyedChainIT): whoever can write the store
        // can recompute every SHA-256 hash after an edit
        String id = historyOfFour();
        new Tampering(database).rewriteWithPlainHashes(id, 1, payload -> payload.replace("intro call", "no call"));
        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("checked").asLong()).isEqualTo(4);
    }

    @Test
    void keyedEventsAreNotVerifiableWithoutTheChainKeyNeverValidNeverAServerError() {
        byte[] key = "someone else's key of 32 bytes..".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String id = new Tampering(database).copyKeyed(historyOfFour(), 4, key);

        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("keyed").asBoolean()).isTrue();
        assertThat(result.get("checked").asLong()).isZero();
        assertThat(result.get("unverifiableSequence").asLong()).isZero();
        assertThat(result.get("problem").asText()).isEqualTo("NO_CHAIN_KEY");
        assertThat(result.has("firstBrokenSequence")).isFalse();

        long position = events().find(Filters.eq("streamKey", id + "#0"))
                .first()
                .get("_id", Number.class)
                .longValue();
        HttpResponse<String> head =
                api.get("/api/audit/head/verify?position=" + (position + 3) + "&hash=" + "0".repeat(64));
        assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
        JsonNode headResult = AuditHttp.json(head);
        assertThat(headResult.get("ok").asBoolean()).isFalse();
        assertThat(headResult.get("keyed").asBoolean()).isTrue();
        assertThat(headResult.get("unverifiablePosition").asLong()).isEqualTo(position);
        if (!headResult.has("firstBrokenPosition")) { // (other tests of this class tamper with events before it)
            assertThat(headResult.get("problem").asText()).isEqualTo("NO_CHAIN_KEY");
        }
    }

    @Test
    void anEditedPayloadIsFoundAtThatEvent() {
        String id = historyOfFour();
        Document stored = events().find(Filters.eq("streamKey", id + "#2")).first();
        tamper(id, 2, Updates.set("payload", stored.getString("payload").replace("intro call", "no call")));
        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(result.get("checked").asLong()).isEqualTo(2);
    }

    @Test
    void anEditedActorIsFoundAtThatEvent() {
        String id = historyOfFour();
        Document stored = events().find(Filters.eq("streamKey", id + "#1")).first();
        tamper(
                id,
                1,
                Updates.set(
                        "metaData",
                        stored.getString("metaData").replace("\"actor\":\"admin\"", "\"actor\":\"mallory\"")));
        assertThat(verify(id).get("firstBrokenSequence").asLong()).isEqualTo(1);
    }

    @Test
    void anEditedBusinessOrRecordTimeIsFoundAtThatEvent() {
        String id = historyOfFour();
        Document stored = events().find(Filters.eq("streamKey", id + "#3")).first();
        tamper(
                id,
                3,
                Updates.set(
                        "payload",
                        stored.getString("payload").replace("2026-01-08T09:00:00Z", "2026-01-04T09:00:00Z")));
        assertThat(verify(id).get("firstBrokenSequence").asLong()).isEqualTo(3);

        String other = historyOfFour();
        tamper(other, 0, Updates.set("timestamp", "2020-01-01T00:00:00.000000000Z"));
        assertThat(verify(other).get("firstBrokenSequence").asLong()).isZero();
    }

    @Test
    void aDeletedMiddleEventIsFoundAsTheMissingSequence() {
        String id = historyOfFour();
        assertThat(events().deleteOne(Filters.eq("streamKey", id + "#1")).getDeletedCount())
                .isEqualTo(1);
        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(1);
    }

    @Test
    void unknownIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();
        for (String path : List.of("/events", "/verify", "/state")) {
            HttpResponse<String> response = api.get("/api/audit/opportunities/" + unknown + path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        }
    }

    @Test
    void theStateAtAVersionIsTheFoldOfItsPrefix() {
        String id = historyOfFour();
        JsonNode atOne = AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/state?version=1"));
        assertThat(atOne.get("version").asLong()).isEqualTo(1);
        assertThat(atOne.get("state").get("contactIds")).hasSize(1);
        assertThat(atOne.get("state").get("stage").asText()).isEqualTo("initial-contact");

        JsonNode now = AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/state"));
        assertThat(now.get("version").asLong()).isEqualTo(3);
        assertThat(now.get("state").get("stage").asText()).isEqualTo("solution-discussion");

        HttpResponse<String> beyond = api.get("/api/audit/opportunities/" + id + "/state?version=4");
        assertThat(beyond.statusCode()).as(beyond.body()).isEqualTo(404);
    }

    @Test
    void asOfSelectsByBusinessTimeAndKnownAtByRecordTime() throws Exception {
        String id = api.newOpportunity("2025-06-01T09:00:00Z");
        Thread.sleep(5); // the next event must be recorded at a later instant than the first
        api.logContact(id, "2025-07-01T09:00:00Z"); // a contact of last July, recorded only now
        JsonNode items = AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/events"))
                .get("items");
        String firstRecorded = items.get(0).get("recordedAt").asText();

        JsonNode asOfAugust =
                AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/state?asOf=2025-08-01T00:00:00Z"));
        assertThat(asOfAugust.get("state").get("contactIds")).hasSize(1);
        assertThat(asOfAugust.get("version").asLong()).isEqualTo(1);

        JsonNode asOfAugustKnownThen = AuditHttp.json(api.get(
                "/api/audit/opportunities/" + id + "/state?asOf=2025-08-01T00:00:00Z&knownAt=" + firstRecorded));
        assertThat(asOfAugustKnownThen.get("state").get("contactIds")).isEmpty();
        assertThat(asOfAugustKnownThen.get("version").asLong()).isZero();
        assertThat(asOfAugustKnownThen.get("knownAt").asText()).isEqualTo(firstRecorded);
        assertThat(asOfAugustKnownThen.get("asOf").asText()).isEqualTo("2025-08-01T00:00:00Z");

        JsonNode asOfJune =
                AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/state?asOf=2025-06-15T00:00:00Z"));
        assertThat(asOfJune.get("state").get("contactIds")).isEmpty();

        HttpResponse<String> beforeCreation =
                api.get("/api/audit/opportunities/" + id + "/state?asOf=2025-05-01T00:00:00Z");
        assertThat(beforeCreation.statusCode()).isEqualTo(404);
        assertThat(AuditHttp.json(beforeCreation).get("detail").asText()).contains("did not exist yet");
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        String id = historyOfFour();
        String base = "/api/audit/opportunities/" + id + "/state";
        for (String[] bad : List.of(
                new String[] {"?asOf=yesterday", "asOf"},
                new String[] {"?knownAt=2026-13-01T00:00:00Z", "knownAt"},
                new String[] {"?version=-1", "version"},
                new String[] {"?version=two", "version"})) {
            HttpResponse<String> response = api.get(base + bad[0]);
            assertThat(response.statusCode()).as(bad[0] + " " + response.body()).isEqualTo(400);
            assertThat(AuditHttp.json(response)
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asText())
                    .isEqualTo(bad[1]);
        }
        assertThat(api.get("/api/audit/events?after=-1").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/audit/events?limit=0").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/audit/head/verify?position=1&hash=xyz").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theLogStreamsAsNdjsonInPositionOrderAndResumes() {
        historyOfFour();
        HttpResponse<String> all = api.get("/api/audit/events");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<JsonNode> lines = ndjson(all.body());
        assertThat(lines.size()).isGreaterThanOrEqualTo(5);
        List<Long> positions =
                lines.stream().map(l -> l.get("position").asLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(lines.get(0).get("hash").asText()).matches("[0-9a-f]{64}");
        assertThat(lines.get(0).get("payload").isTextual()).isTrue();

        List<JsonNode> page = ndjson(api.get("/api/audit/events?limit=2").body());
        assertThat(page).hasSize(2);
        long after = page.get(1).get("position").asLong();
        List<JsonNode> rest = ndjson(api.get("/api/audit/events?after=" + after).body());
        List<Long> resumed = new ArrayList<>(
                page.stream().map(l -> l.get("position").asLong()).toList());
        rest.forEach(l -> resumed.add(l.get("position").asLong()));
        assertThat(resumed.subList(0, positions.size())).isEqualTo(positions);
    }

    static List<JsonNode> ndjson(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(AuditHttp.JSON.readTree(line));
                } catch (Exception e) {
                    throw new IllegalStateException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }
}
