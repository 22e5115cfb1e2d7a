package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/assignment/workload} over real HTTP on the standalone engine: per member the open opportunities
 * (with an amount or not), the pipeline raw and weighted, capacity, absence now and the last assignment, as commands
 * and a change of owner move them; who may read which team; bad parameters.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadIT {

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("workload-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    EngineHttp admin;
    final Map<String, EngineHttp> as = new HashMap<>();
    String customerId;

    @BeforeAll
    void team() {
        admin = new EngineHttp(port, data);
        user("wl-nia", "SALES_REP", "wl-north");
        user("wl-ole", "SALES_REP", "wl-north");
        user("wl-quin", "SALES_REP", "wl-north");
        user("wl-pam", "SALES_MANAGER", "wl-north");
        user("wl-rae", "ANALYST", "wl-north");
        user("wl-sam", "SALES_REP", "wl-south");
        user("wl-sue", "SALES_MANAGER", "wl-south");
        EngineHttp.Reply customer = admin.post("/api/customers", "{\"name\": \"Workload Ltd\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        customerId = customer.json().get("customerId").asText();
    }

    @Test
    void membersShowWhatTheyHoldTheirCapacityAbsenceAndLastAssignment() throws InterruptedException {
        assertThat(admin.send("PUT", "/api/users/wl-nia/capacity", "{\"maxOpen\": 2}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.send("PUT", "/api/users/wl-quin/capacity", "{\"active\": false}")
                        .status())
                .isEqualTo(200);
        Instant now = Instant.now();
        Instant back = now.plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        EngineHttp.Reply away =
                admin.send("PUT", "/api/users/wl-ole/availability", """
                {"absences": [{"from": "%s", "to": "%s"}]}
                """.formatted(now.minus(1, ChronoUnit.DAYS), back));
        assertThat(away.status()).as(away.toString()).isEqualTo(200);

        String first = create("wl-nia", "{\"value\": \"1000.00\", \"currency\": \"CNY\"}", "2026-03-01T00:00:00Z");
        create("wl-nia", "{\"value\": \"200.00\", \"currency\": \"EUR\"}", "2026-03-05T00:00:00Z");
        String third = create("wl-ole", "{\"value\": \"400.00\", \"currency\": \"USD\"}", "2026-03-02T00:00:00Z");
        String lost = create("wl-ole", "{\"value\": \"999.00\", \"currency\": \"USD\"}", "2026-03-03T00:00:00Z");
        assertThat(admin.post("/api/opportunities/" + lost + "/lose", "{\"reason\": \"budget\"}")
                        .status())
                .isEqualTo(200);
        EngineHttp.Reply moved =
                admin.post("/api/opportunities/" + first + "/stage", "{\"stage\": \"solution-discussion\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        EngineHttp.Reply handed = admin.send(
                "PUT",
                "/api/opportunities/" + third + "/owner",
                "{\"ownerId\": \"wl-nia\", \"occurredAt\": \"2026-03-09T00:00:00Z\"}");
        assertThat(handed.status()).as(handed.toString()).isEqualTo(200);

        EngineHttp.Reply workload = admin.getUntil(
                "/api/assignment/workload?teamId=wl-north",
                reply -> reply.status() == 200
                        && member(reply.json(), "wl-nia")
                                        .get("openOpportunities")
                                        .asLong()
                                == 3);
        assertThat(workload.status()).as(workload.toString()).isEqualTo(200);
        JsonNode body = workload.json();
        assertThat(body.get("teamId").asText()).isEqualTo("wl-north");
        assertThat(body.get("members"))
                .extracting(m -> m.get("userId").asText())
                .containsExactly("wl-nia", "wl-ole", "wl-pam", "wl-quin", "wl-rae");

        JsonNode nia = member(body, "wl-nia");
        assertThat(nia.get("openOpportunities").asLong()).isEqualTo(3);
        assertThat(nia.get("pipeline").toString())
                .contains(
                        "{\"value\":\"1000.00\",\"currency\":\"CNY\"}", "{\"value\":\"400.00\",\"currency\":\"USD\"}");
        // weighted as the pipeline weighs the same owner's amounts (by the learned stage probabilities)
        // the learned probabilities move while the model catches up: compare two reads that agree in time
        JsonNode niaPipeline = admin.get("/api/pipeline?owner=wl-nia").json();
        for (int i = 0;
                i < 150
                        && !member(
                                        admin.get("/api/assignment/workload?teamId=wl-north")
                                                .json(),
                                        "wl-nia")
                                .get("weightedPipeline")
                                .equals(niaPipeline.get("weighted"));
                i++) {
            Thread.sleep(200);
            niaPipeline = admin.get("/api/pipeline?owner=wl-nia").json();
        }
        nia = member(admin.get("/api/assignment/workload?teamId=wl-north").json(), "wl-nia");
        assertThat(nia.get("weightedPipeline")).isEqualTo(niaPipeline.get("weighted"));
        assertThat(nia.get("pipeline")).isEqualTo(niaPipeline.get("amounts"));
        assertThat(new BigDecimal(
                        nia.get("weightedPipeline").get(0).get("value").asText()))
                .isLessThan(
                        new BigDecimal(nia.get("pipeline").get(0).get("value").asText()))
                .isPositive();
        assertThat(nia.get("maxOpen").asInt()).isEqualTo(2);
        assertThat(nia.get("remainingCapacity").asInt()).isZero();
        assertThat(nia.get("atCapacity").asBoolean()).isTrue();
        assertThat(nia.get("candidate").asBoolean()).isTrue();
        assertThat(nia.get("absentNow").asBoolean()).isFalse();
        assertThat(nia.get("lastAssignedAt").asText()).isEqualTo("2026-03-09T00:00:00Z");

        JsonNode ole = member(body, "wl-ole");
        assertThat(ole.get("openOpportunities").asLong()).isZero();
        assertThat(ole.get("pipeline")).isEmpty();
        assertThat(ole.get("absentNow").asBoolean()).isTrue();
        assertThat(Instant.parse(ole.get("absentUntil").asText())).isEqualTo(back);
        assertThat(ole.get("maxOpen").isNull()).isTrue();
        assertThat(ole.get("remainingCapacity").isNull()).isTrue();
        assertThat(ole.get("lastAssignedAt").asText()).isEqualTo("2026-03-03T00:00:00Z");

        JsonNode quin = member(body, "wl-quin");
        assertThat(quin.get("active").asBoolean()).isFalse();
        assertThat(quin.get("candidate").asBoolean()).isFalse();
        assertThat(quin.get("lastAssignedAt").isNull()).isTrue();
        assertThat(member(body, "wl-rae").get("candidate").asBoolean()).isFalse();
        assertThat(body.get("openOpportunities").asLong()).isEqualTo(3);

        // reopening the lost one counts it for its owner again
        assertThat(admin.post("/api/opportunities/" + lost + "/reopen", "{\"reason\": \"budget found\"}")
                        .status())
                .isEqualTo(200);
        EngineHttp.Reply reopened = admin.getUntil(
                "/api/assignment/workload?teamId=wl-north",
                reply -> member(reply.json(), "wl-ole").get("openOpportunities").asLong() == 1);
        assertThat(member(reopened.json(), "wl-ole").get("openOpportunities").asLong())
                .isEqualTo(1);
    }

    @Test
    void aManagerSeesTheirOwnTeamOnlyAndRepsNone() {
        EngineHttp pam = key("wl-pam");
        EngineHttp.Reply own = pam.get("/api/assignment/workload");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("teamId").asText()).isEqualTo("wl-north");
        assertThat(pam.get("/api/assignment/workload?teamId=wl-north").status()).isEqualTo(200);
        EngineHttp.Reply other = pam.get("/api/assignment/workload?teamId=wl-south");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(other.body())
                .isEqualTo(pam.get("/api/assignment/workload?teamId=wl-nowhere")
                        .body()
                        .replace("wl-nowhere", "wl-south"));

        assertThat(key("wl-sue")
                        .get("/api/assignment/workload")
                        .json()
                        .get("teamId")
                        .asText())
                .isEqualTo("wl-south");
        assertThat(key("wl-rae").get("/api/assignment/workload?teamId=wl-south").status())
                .isEqualTo(200);
        assertThat(key("wl-sam").get("/api/assignment/workload").status()).isEqualTo(403);
        assertThat(key("wl-sam").get("/api/assignment/workload?teamId=wl-south").status())
                .isEqualTo(403);
        assertThat(admin.withKey(null)
                        .get("/api/assignment/workload?teamId=wl-south")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        EngineHttp.Reply missing = admin.get("/api/assignment/workload");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("teamId");
        assertThat(admin.get("/api/assignment/workload?teamId=").status()).isEqualTo(400);
        assertThat(admin.get("/api/assignment/workload?teamId=" + "t".repeat(201))
                        .status())
                .isEqualTo(400);
        EngineHttp.Reply unknown = admin.get("/api/assignment/workload?teamId=wl-nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("wl-nowhere");
    }

    private String create(String owner, String amount, String occurredAt) {
        EngineHttp.Reply created = admin.post("/api/opportunities", """
                {"title": "Workload %s", "customerId": "%s", "source": "web", "ownerId": "%s",
                 %s "occurredAt": "%s"}
                """.formatted(
                        owner, customerId, owner, amount == null ? "" : "\"amount\": " + amount + ",", occurredAt));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("opportunityId").asText();
    }

    private static JsonNode member(JsonNode workload, String userId) {
        for (JsonNode member : workload.get("members")) {
            if (member.get("userId").asText().equals(userId)) {
                return member;
            }
        }
        throw new AssertionError("no member " + userId + " in " + workload);
    }

    private void user(String id, String role, String team) {
        EngineHttp.Reply created = admin.post(
                "/api/admin/users",
                "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"%s\"}"
                        .formatted(id, id.toUpperCase(), role, team));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private EngineHttp key(String userId) {
        return as.computeIfAbsent(
                userId,
                id -> admin.withKey(admin.post("/api/admin/users/" + id + "/api-keys", "")
                        .json()
                        .get("key")
                        .asText()));
    }
}
