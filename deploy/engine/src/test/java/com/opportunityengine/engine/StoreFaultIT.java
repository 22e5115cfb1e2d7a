package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A store that goes away (issue 19, row 2): the standalone engine on a store process of its own (the embedded store
 * on a port, as {@code java -jar ... store} runs it). While the store is away every request that needs it answers
 * 503 problem+json with {@code Retry-After}, never 500, and readiness is DOWN; once the store is back on its port
 * the engine takes commands again, becomes ready by itself and its projections catch up, with no restart and no
 * acknowledged write lost.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"engine.mongo.server-selection-timeout=1500ms", "engine.query.min-version-timeout=2s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class StoreFaultIT {

    static Path data;
    static Path storeDir;
    static EmbeddedMongoServer store;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("store-fault-it");
        storeDir = data.resolve("store");
        store = EmbeddedMongoServer.start(storeDir, 0, 16, 0);
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.mongo.uri", store::connectionString); // with the password of storeDir/store.key
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aStoreAwayIs503WithRetryAfterAndTheEngineCarriesOnWhenItIsBack() throws Exception {
        EngineHttp admin = new EngineHttp(port, data);
        EngineHttp probe = new EngineHttp(port); // health needs no key: what a load balancer or kubelet sends
        String customer = admin.post("/api/customers", "{\"name\": \"ACME\"}")
                .json()
                .path("customerId")
                .asText();
        String opportunity = admin.post("/api/opportunities", """
                        {"title": "Store fault", "customerId": "%s", "source": "web",
                         "amount": {"value": "10.00", "currency": "CNY"}, "ownerId": "alice"}""".formatted(customer))
                .json()
                .path("opportunityId")
                .asText();
        String before = UUID.randomUUID().toString();
        assertThat(admin.post("/api/opportunities/" + opportunity + "/contacts", contact(before))
                        .status())
                .isEqualTo(201);
        assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(200);

        int storePort = store.port();
        store.close();

        EngineHttp.Reply command = admin.post("/api/opportunities/" + opportunity + "/contacts", contact(null));
        EngineHttp.Reply read = admin.get("/api/opportunities/" + opportunity);
        for (EngineHttp.Reply reply : List.of(command, read)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("type").asText())
                    .isEqualTo("urn:opportunity-engine:problem:store-unavailable");
            assertThat(reply.header("Retry-After")).isEqualTo("5");
        }
        EngineHttp.Reply readiness = probe.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
        assertThat(readiness.body()).contains("DOWN");

        store = EmbeddedMongoServer.start(storeDir, storePort, 16, 0);
        String after = UUID.randomUUID().toString();
        EngineHttp.Reply again = admin.post("/api/opportunities/" + opportunity + "/contacts", contact(after));
        for (int i = 0; i < 60 && again.status() != 201; i++) {
            assertThat(again.status()).as(again.toString()).isEqualTo(503);
            Thread.sleep(500);
            again = admin.post("/api/opportunities/" + opportunity + "/contacts", contact(after));
        }
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(probe.getUntil("/actuator/health/readiness", reply -> reply.status() == 200)
                        .status())
                .isEqualTo(200);
        // the projections went on by themselves: the timeline holds the contacts from before and after the outage
        EngineHttp.Reply timeline = admin.getUntil(
                "/api/opportunities/" + opportunity + "/timeline",
                reply -> reply.status() == 200 && reply.body().contains(after));
        assertThat(timeline.body()).contains(before).contains(after);
    }

    private static String contact(String contactId) {
        String id = contactId == null ? "" : "\"contactId\": \"" + contactId + "\", ";
        return "{" + id + "\"channel\": \"CALL\", \"direction\": \"OUTBOUND\", \"summary\": \"a call\"}";
    }
}
