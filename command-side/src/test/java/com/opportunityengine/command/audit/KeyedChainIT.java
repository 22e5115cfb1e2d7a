package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.store.EventHashes;
import com.opportunityengine.store.HashChain;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The keyed hash chain ({@code engine.audit.keyed-chain=true}) over real HTTP on the embedded store: someone who can
 * write the store but holds no chain key can no longer rewrite history and recompute the hashes unnoticed.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the head is checked before any other test tampers with the log
class KeyedChainIT {

    static final Path DATA = AuditHttp.newDataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
        registry.add("engine.audit.keyed-chain", () -> "true");
        registry.add("engine.audit.head-interval", () -> "1h"); // the test advances the head itself
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    AuditHead head;

    AuditHttp api;
    Tampering attacker;

    @BeforeEach
    void client() {
        api = new AuditHttp(port, DATA);
        attacker = new Tampering(database);
    }

    static byte[] chainKey() throws Exception {
        return Base64.getDecoder()
                .decode(Files.readString(DATA.resolve("chain.key")).trim());
    }

    String historyOfThree() {
        String id = api.newOpportunity("2026-01-05T09:00:00Z");
        api.logContact(id, "2026-01-06T09:00:00Z");
        api.logContact(id, "2026-01-07T09:00:00Z");
        return id;
    }

    JsonNode verify(String id) {
        HttpResponse<String> response = api.get("/api/audit/opportunities/" + id + "/verify");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AuditHttp.json(response);
    }

    JsonNode verifyHead(long position, String hash) {
        HttpResponse<String> response = api.get("/api/audit/head/verify?position=" + position + "&hash=" + hash);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AuditHttp.json(response);
    }

    @Test
    void theEngineMakesAnOwnerOnlyChainKeyAndHashesNewEventsWithIt() throws Exception {
        Path file = DATA.resolve("chain.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        byte[] key = chainKey();
        assertThat(key).hasSize(32);
        String id = historyOfThree();

        JsonNode items = AuditHttp.json(api.get("/api/audit/opportunities/" + id + "/events"))
                .get("items");
        assertThat(items).hasSize(3).allSatisfy(item -> {
            assertThat(item.get("hashScheme").asText()).isEqualTo(HashChain.HMAC_SHA256);
            assertThat(item.get("hashKeyId").asText()).isEqualTo(EventHashes.keyId(key));
        });
        Document first = attacker.stored(id, 0);
        assertThat(first.getString("hash")).isEqualTo(EventHashes.eventHmac(key, first, null));
        List<JsonNode> exported = AuditApiIT.ndjson(api.get("/api/audit/events").body());
        assertThat(exported.stream()
                        .filter(line -> id.equals(line.get("aggregateId").asText()))
                        .toList())
                .hasSize(3)
                .allSatisfy(line -> assertThat(line.get("hashScheme").asText()).isEqualTo(HashChain.HMAC_SHA256));

        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("keyed").asBoolean()).isTrue();
        assertThat(result.get("checked").asLong()).isEqualTo(3);
        String base64 = Base64.getEncoder().encodeToString(key);
        for (String collection : database.listCollectionNames()) {
            database.getCollection(collection)
                    .find()
                    .forEach(document -> assertThat(document.toJson())
                            .as("the key is never stored in " + collection)
                            .doesNotContain(base64));
        }
    }

    @Test
    @Order(1)
    void aRewriteWithRecomputedPlainHashesIsTamperingAtTheRewrittenEvent() {
        String id = historyOfThree();
        head.advance();
        JsonNode kept = AuditHttp.json(api.get("/api/audit/head"));
        assertThat(verifyHead(kept.get("position").asLong(), kept.get("hash").asText())
                        .get("ok")
                        .asBoolean())
                .isTrue();

        long position = attacker.rewriteWithPlainHashes(id, 1, payload -> payload.replace("intro call", "no call"));

        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(1);
        assertThat(result.get("checked").asLong()).isEqualTo(1);
        assertThat(result.get("problem").asText()).isEqualTo("DOWNGRADE");
        JsonNode headResult =
                verifyHead(kept.get("position").asLong(), kept.get("hash").asText());
        assertThat(headResult.get("ok").asBoolean()).isFalse();
        assertThat(headResult.get("firstBrokenPosition").asLong()).isEqualTo(position);
        assertThat(headResult.get("problem").asText()).isEqualTo("DOWNGRADE");
    }

    @Test
    void aChainRewrittenFromItsFirstEventWithPlainHashesIsADowngrade() {
        String id = historyOfThree();
        attacker.rewriteWithPlainHashes(id, 0, payload -> payload.replace("ERP rollout", "Nothing"));

        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("keyed").asBoolean())
                .as("no keyed event is left in it")
                .isFalse();
        assertThat(result.get("firstBrokenSequence").asLong()).isZero();
        assertThat(result.get("problem").asText()).isEqualTo("DOWNGRADE");
    }

    @Test
    void aRewriteRehashedUnderAnotherKeyIsAMismatchAtThatEvent() {
        String id = historyOfThree();
        byte[] own = "the attacker's own 32-byte key!!".getBytes(StandardCharsets.US_ASCII);
        attacker.rewriteWithOwnKey(id, 2, own, payload -> payload.replace("intro call", "no call"));

        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(result.get("problem").asText()).isEqualTo("HASH_MISMATCH");
    }

    @Test
    void aPlainEventAppendedAfterKeyedOnesIsADowngrade() {
        String id = historyOfThree();
        String next = api.newOpportunity("2026-01-05T09:00:00Z");
        api.logContact(next, "2026-01-06T09:00:00Z");
        // a correctly linked plain event at the end of a keyed chain, as a writer without the key would append it
        long position = attacker.rewriteWithPlainHashes(id, 2, payload -> payload);

        JsonNode result = verify(id);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(result.get("problem").asText()).isEqualTo("DOWNGRADE");
        assertThat(verify(next).get("ok").asBoolean()).isTrue();
        assertThat(verifyHead(position, "0".repeat(64))
                        .get("firstBrokenPosition")
                        .asLong())
                .as("the first tampered position of the log (an earlier test's, or this one)")
                .isLessThanOrEqualTo(position);
    }
}
