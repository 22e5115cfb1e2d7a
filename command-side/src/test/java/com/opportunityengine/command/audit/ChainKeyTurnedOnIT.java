package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.store.HashChain;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chain key turned on for a log that has plain events: those keep their SHA-256 hashes and still verify, before
 * and after the keyed ones; an engine started later without the key cannot vouch for the keyed events, and the plain
 * event it appends is a downgrade once the key is back.
 */
class ChainKeyTurnedOnIT {

    final Path data = AuditHttp.newDataDir();

    ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--engine.data-dir=" + data,
                "--engine.embedded-mongo.port=0",
                "--engine.audit.head-interval=1h",
                "--spring.jmx.enabled=false"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(CommandSideApplication.class).run(args.toArray(String[]::new));
    }

    AuditHttp api(ConfigurableApplicationContext context) {
        return new AuditHttp(
                ((ServletWebServerApplicationContext) context).getWebServer().getPort(), data);
    }

    static JsonNode get(AuditHttp api, String path) {
        HttpResponse<String> response = api.get(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return AuditHttp.json(response);
    }

    @Test
    void plainEventsBeforeTheKeyStillVerifyAndAPlainOneAfterItIsCaught() throws Exception {
        String id;
        HeadCheckpoint plainHead;
        try (ConfigurableApplicationContext engine = start()) {
            AuditHttp api = api(engine);
            id = api.newOpportunity("2026-01-05T09:00:00Z");
            api.logContact(id, "2026-01-06T09:00:00Z");
            plainHead = engine.getBean(AuditHead.class).advance();
        }
        assertThat(data.resolve("chain.key")).doesNotExist();

        try (ConfigurableApplicationContext engine = start("--engine.audit.keyed-chain=true")) {
            AuditHttp api = api(engine);
            api.logContact(id, "2026-01-07T09:00:00Z");
            JsonNode items =
                    get(api, "/api/audit/opportunities/" + id + "/events").get("items");
            assertThat(items.get(0).has("hashScheme")).isFalse();
            assertThat(items.get(1).has("hashScheme")).isFalse();
            assertThat(items.get(2).get("hashScheme").asText()).isEqualTo(HashChain.HMAC_SHA256);

            JsonNode verified = get(api, "/api/audit/opportunities/" + id + "/verify");
            assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.get("keyed").asBoolean()).isTrue();
            assertThat(verified.get("checked").asLong()).isEqualTo(3);
            JsonNode keptBefore =
                    get(api, "/api/audit/head/verify?position=" + plainHead.position() + "&hash=" + plainHead.hash());
            assertThat(keptBefore.get("ok").asBoolean())
                    .as("a head kept before the key: " + keptBefore)
                    .isTrue();
            assertThat(keptBefore.get("keyed").asBoolean()).isFalse();
            HeadCheckpoint keyedHead = engine.getBean(AuditHead.class).advance();
            assertThat(keyedHead.position()).isGreaterThan(plainHead.position());
            JsonNode keptAfter =
                    get(api, "/api/audit/head/verify?position=" + keyedHead.position() + "&hash=" + keyedHead.hash());
            assertThat(keptAfter.get("ok").asBoolean()).as(keptAfter.toString()).isTrue();
            assertThat(keptAfter.get("keyed").asBoolean()).isTrue();
        }

        String key = Files.readString(data.resolve("chain.key")).trim();
        Files.delete(data.resolve("chain.key")); // an engine started without its key
        try (ConfigurableApplicationContext engine = start()) {
            AuditHttp api = api(engine);
            JsonNode unverifiable = get(api, "/api/audit/opportunities/" + id + "/verify");
            assertThat(unverifiable.get("ok").asBoolean()).isFalse();
            assertThat(unverifiable.get("checked").asLong()).isEqualTo(2);
            assertThat(unverifiable.get("unverifiableSequence").asLong()).isEqualTo(2);
            assertThat(unverifiable.get("problem").asText()).isEqualTo("NO_CHAIN_KEY");
            api.logContact(id, "2026-01-08T09:00:00Z"); // appended with a plain hash
        }

        try (ConfigurableApplicationContext engine = start("--engine.audit.chain-key=" + key)) {
            JsonNode downgraded = get(api(engine), "/api/audit/opportunities/" + id + "/verify");
            assertThat(downgraded.get("ok").asBoolean()).isFalse();
            assertThat(downgraded.get("checked").asLong()).isEqualTo(3);
            assertThat(downgraded.get("firstBrokenSequence").asLong()).isEqualTo(3);
            assertThat(downgraded.get("problem").asText()).isEqualTo("DOWNGRADE");
        }
    }
}
