package com.opportunityengine.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.testing.http.EngineHttp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hand-overs over real HTTP on the embedded store: every open opportunity of a departing rep moved through the
 * fairness rules with its open tasks, the status a job reports, nothing to move, bad input, and a hand-over cut
 * off half-way (its persisted state as a crash leaves it) resumed without moving anything twice.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandOverIT {

    static final java.nio.file.Path DATA = AssignmentApiIT.dataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    HandOvers handOvers;

    @Autowired
    HandOverJobs jobs;

    EngineHttp admin;
    String customerId;

    @BeforeAll
    void users() {
        admin = new EngineHttp(port, DATA);
        for (String[] user : new String[][] {
            {"leo", "SALES_REP", "north"}, {"ann", "SALES_REP", "east"}, {"bob", "SALES_REP", "east"},
            {"cai", "SALES_REP", "east"}, {"max", "SALES_REP", "south"}, {"ned", "SALES_REP", "south"},
            {"pia", "SALES_REP", "north"}
        }) {
            EngineHttp.Reply created = admin.send(
                    "POST",
                    "/api/admin/users",
                    "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"%s\"}"
                            .formatted(user[0], user[0], user[1], user[2]));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        customerId = admin.send("POST", "/api/customers", "{\"name\": \"ACME\"}")
                .json()
                .get("customerId")
                .asText();
    }

    private String opportunityOf(String owner) {
        EngineHttp.Reply created = admin.send("POST", "/api/opportunities", """
                {"title": "ERP", "customerId": "%s", "source": "web", "ownerId": "%s",
                 "amount": {"value": "5000", "currency": "CNY"}, "occurredAt": "2026-01-05T09:00:00Z"}
                """.formatted(customerId, owner));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("opportunityId").asText();
    }

    private String task(String opportunityId, String assignee) {
        EngineHttp.Reply task =
                admin.send("POST", "/api/opportunities/" + opportunityId + "/tasks", """
                {"assigneeId": "%s", "dueAt": "2026-02-01T09:00:00Z", "type": "CALL", "description": "call back",
                 "occurredAt": "2026-01-06T09:00:00Z"}
                """.formatted(assignee));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        return task.json().get("taskId").asText();
    }

    private List<JsonNode> ownerChanges(String opportunityId) {
        List<JsonNode> changes = new ArrayList<>();
        for (JsonNode event : admin.get("/api/audit/opportunities/" + opportunityId + "/events")
                .json()
                .get("items")) {
            if (event.get("type").asText().endsWith("OwnerAssigned")) {
                changes.add(event.get("payload"));
            }
        }
        return changes;
    }

    private JsonNode finished(String jobId) {
        EngineHttp.Reply done = admin.getUntil(
                "/api/assignment/reassign/" + jobId,
                reply -> !reply.json().get("status").asText().equals("RUNNING"));
        assertThat(done.json().get("status").asText()).as(done.toString()).isEqualTo("DONE");
        return done.json();
    }

    @Test
    void movesEveryOpenOpportunityOfTheDepartingRepFairlyWithTheirOpenTasks() {
        List<String> opportunities = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            opportunities.add(opportunityOf("leo"));
        }
        String open = task(opportunities.get(0), "leo");
        String presales = task(opportunities.get(0), "max");
        String lost = opportunityOf("leo");
        assertThat(admin.send("POST", "/api/opportunities/" + lost + "/lose", "{\"reason\": \"price\"}")
                        .status())
                .isEqualTo(200);

        EngineHttp.Reply started = admin.send(
                "POST",
                "/api/assignment/reassign",
                "{\"fromUserId\": \"leo\", \"toTeamId\": \"east\", \"strategy\": \"ROUND_ROBIN\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.header("Location")).startsWith("/api/assignment/reassign/");
        assertThat(started.json().get("opportunityIds")).hasSize(6);
        JsonNode job = finished(started.json().get("jobId").asText());

        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode move : job.get("moves")) {
            assertThat(move.get("outcome").asText()).isEqualTo("MOVED");
            counts.merge(move.get("toUserId").asText(), 1, Integer::sum);
        }
        assertThat(counts).isEqualTo(Map.of("ann", 2, "bob", 2, "cai", 2));
        for (String id : opportunities) {
            List<JsonNode> changes = ownerChanges(id);
            assertThat(changes).hasSize(1);
            assertThat(changes.get(0).get("reason").asText()).isEqualTo("HANDOVER");
            assertThat(changes.get(0).get("previousOwnerId").asText()).isEqualTo("leo");
            assertThat(changes.get(0).get("assignment").get("strategy").asText())
                    .isEqualTo("ROUND_ROBIN");
        }
        assertThat(ownerChanges(opportunities.get(0)).get(0).get("movedTaskIds").toString())
                .isEqualTo("[\"" + open + "\"]")
                .doesNotContain(presales);
        assertThat(ownerChanges(lost)).isEmpty();
        assertThat(new OpenOpportunities(database).count("leo")).isZero();

        EngineHttp.Reply nothing = admin.send(
                "POST",
                "/api/assignment/reassign",
                "{\"fromUserId\": \"leo\", \"toUserIds\": [\"ann\"], \"strategy\": \"LEAST_LOADED\"}");
        assertThat(nothing.status()).as(nothing.toString()).isEqualTo(200);
        assertThat(nothing.json().get("status").asText()).isEqualTo("DONE");
        assertThat(nothing.json().get("moves")).isEmpty();
    }

    @Test
    void badHandOversAreRefusedWithNothingStarted() {
        long before = database.getCollection(HandOverJobs.COLLECTION).countDocuments();
        for (String[] bad : new String[][] {
            {"{\"fromUserId\": \"nobody\", \"toTeamId\": \"east\", \"strategy\": \"ROUND_ROBIN\"}", "fromUserId"},
            {"{\"fromUserId\": \"leo\", \"toTeamId\": \"nowhere\", \"strategy\": \"ROUND_ROBIN\"}", "toTeamId"},
            {
                "{\"fromUserId\": \"leo\", \"toTeamId\": \"east\", \"toUserIds\": [\"ann\"], \"strategy\": \"ROUND_ROBIN\"}",
                "toTeamId"
            },
            {"{\"fromUserId\": \"leo\", \"toUserIds\": [\"leo\"], \"strategy\": \"ROUND_ROBIN\"}", "toUserIds[0]"},
            {
                "{\"fromUserId\": \"leo\", \"toUserIds\": [\"ann\", \"ann\"], \"strategy\": \"ROUND_ROBIN\"}",
                "toUserIds[1]"
            },
            {"{\"fromUserId\": \"leo\", \"toTeamId\": \"east\", \"strategy\": \"FASTEST\"}", "strategy"}
        }) {
            EngineHttp.Reply refused = admin.send("POST", "/api/assignment/reassign", bad[0]);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).contains(bad[1]);
        }
        String repKey = admin.send("POST", "/api/admin/users/ann/api-keys", "")
                .json()
                .get("key")
                .asText();
        assertThat(admin.withKey(repKey)
                        .send(
                                "POST",
                                "/api/assignment/reassign",
                                "{\"fromUserId\": \"leo\", \"toTeamId\": \"east\", \"strategy\": \"ROUND_ROBIN\"}")
                        .status())
                .isEqualTo(403);
        assertThat(database.getCollection(HandOverJobs.COLLECTION).countDocuments())
                .isEqualTo(before);
        assertThat(admin.get("/api/assignment/reassign/no-such-job").status()).isEqualTo(404);
    }

    /**
     * The state a crash leaves: the job RUNNING, its first opportunity moved and recorded, its second moved but
     * not recorded (the crash came in between), the rest untouched. Resumed as a starting node does, it finishes
     * the rest and moves nothing twice.
     */
    @Test
    void aHandOverCutOffHalfWayIsResumedAndMovesNothingTwice() {
        List<String> opportunities = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opportunities.add(opportunityOf("ned"));
        }
        List<String> sorted = new OpenOpportunities(database).ownedOpen("ned");
        assertThat(sorted).containsExactlyInAnyOrderElementsOf(opportunities);
        // moves made by the job before the crash, as the job makes them
        for (String id : sorted.subList(0, 2)) {
            assertThat(admin.send(
                                    "PUT",
                                    "/api/opportunities/" + id + "/owner",
                                    "{\"ownerId\": \"max\", \"reason\": \"HANDOVER\"}")
                            .status())
                    .isEqualTo(200);
        }
        String jobId = "cut-off-" + System.nanoTime();
        jobs.start(new HandOverJob(
                jobId,
                "ned",
                new AssignTo(null, List.of("max", "ann")),
                AssignmentStrategy.LEAST_LOADED,
                "RUNNING",
                sorted,
                0,
                List.of(),
                "admin",
                Instant.parse("2026-01-07T09:00:00Z"),
                null,
                null));
        jobs.handled(jobId, new HandOverJob.Move(sorted.get(0), "MOVED", "max"), 1);

        handOvers.resumeInterrupted();

        JsonNode job = finished(jobId);
        assertThat(job.get("moves")).hasSize(4);
        assertThat(job.get("moves").get(1).get("outcome").asText()).isEqualTo("SKIPPED");
        for (int i = 2; i < 4; i++) {
            assertThat(job.get("moves").get(i).get("outcome").asText()).isEqualTo("MOVED");
        }
        for (String id : sorted) {
            assertThat(ownerChanges(id)).as(id).hasSize(1);
        }
        assertThat(new OpenOpportunities(database).count("ned")).isZero();
    }

    /**
     * A job another node holds with a lease still running is left alone; once that lease has run out (the node
     * died), this node takes it over and finishes it; a node that lost a job's lease records nothing more for it.
     */
    @Test
    void aJobHeldByAnotherNodeIsLeftAloneUntilItsLeaseRunsOut() {
        List<String> opportunities = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            opportunities.add(opportunityOf("pia"));
        }
        List<String> sorted = new OpenOpportunities(database).ownedOpen("pia");
        assertThat(sorted).containsExactlyInAnyOrderElementsOf(opportunities);
        String held = "held-" + System.nanoTime();
        Instant now = Instant.now();
        jobs.start(job(held, "pia", sorted), "command-elsewhere", now.plusSeconds(600));

        handOvers.resumeInterrupted();

        assertThat(admin.get("/api/assignment/reassign/" + held)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("RUNNING");
        assertThat(jobs.claim(held, "command-third", now, now.plusSeconds(60))).isFalse();
        for (String id : sorted) {
            assertThat(ownerChanges(id)).isEmpty();
        }

        String orphaned = "orphaned-" + System.nanoTime();
        database.getCollection(HandOverJobs.COLLECTION).deleteOne(new org.bson.Document("_id", held));
        jobs.start(job(orphaned, "pia", sorted), "command-dead", now.minusSeconds(1));
        assertThat(jobs.handled(orphaned, "command-late", new HandOverJob.Move(sorted.get(0), "MOVED", "x"), 1, now))
                .isFalse();

        handOvers.resumeInterrupted();

        JsonNode job = finished(orphaned);
        assertThat(job.get("moves")).hasSize(2);
        for (String id : sorted) {
            assertThat(ownerChanges(id)).as(id).hasSize(1);
        }
        assertThat(database.getCollection(HandOverJobs.COLLECTION)
                        .find(new org.bson.Document("_id", orphaned))
                        .first()
                        .getString("runner"))
                .isNotEqualTo("command-dead");
    }

    private static HandOverJob job(String jobId, String from, List<String> opportunityIds) {
        return new HandOverJob(
                jobId,
                from,
                new AssignTo(null, List.of("ann", "bob")),
                AssignmentStrategy.ROUND_ROBIN,
                "RUNNING",
                opportunityIds,
                0,
                List.of(),
                "admin",
                Instant.parse("2026-01-07T09:00:00Z"),
                null,
                null);
    }
}
