package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.opportunityengine.testing.http.EngineHttp;
import com.opportunityengine.testing.http.EngineHttp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Assignment on a cluster run as operators run it: the embedded store in a process of its own and two command nodes
 * on it, each a separate JVM on loopback. Creates without an owner sent to both nodes at once take every round-robin
 * turn exactly once; a hand-over whose node is killed ({@code kill -9}) half-way is taken over by the other node when
 * the lease runs out and finishes with every opportunity moved exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssignmentClusterIT {

    private static final String[] NODE_SETTINGS = {
        // a short lease (it must outlast a command's timeout), and moves spaced so that the kill lands half-way
        "--engine.web.command-timeout=3s",
        "--engine.assignment.hand-over-lease=6s",
        "--engine.assignment.hand-over-pause=150ms"
    };

    private Path root;
    private EngineProcess store;
    private EngineProcess command1;
    private EngineProcess command2;
    private EngineHttp c1;
    private EngineHttp c2;
    private String customerId;

    @BeforeAll
    void startCluster() throws Exception {
        root = Files.createTempDirectory("assignment-cluster-it");
        store = EngineProcess.store(root.resolve("store"), 0);
        String mongoUri = store.mongoUri("opportunity_engine");
        command1 = EngineProcess.node(root.resolve("command-1"), mongoUri, "command", "command-1", NODE_SETTINGS);
        String adminKey = EngineHttp.adminKey(root.resolve("command-1"));
        command2 = EngineProcess.node(root.resolve("command-2"), mongoUri, "command", "command-2", NODE_SETTINGS);
        c1 = new EngineHttp(command1.httpPort(), adminKey);
        c2 = new EngineHttp(command2.httpPort(), adminKey);
        for (String rep : List.of("rr-1", "rr-2", "rr-3")) {
            user(rep, "rr");
        }
        user("leaver", "elsewhere");
        Reply customer = c1.post("/api/customers", "{\"name\": \"Cluster Assignment Co\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        customerId = customer.json().get("customerId").asText();
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (EngineProcess process : new EngineProcess[] {command2, command1, store}) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    @Order(1)
    void twoCommandNodesAssigningAtOnceNeverGiveTheSameTurnTwice() throws Exception {
        Reply rules = c1.send("PUT", "/api/assignment/rules", """
                {"rules": [{"ruleId": "everyone", "match": {}, "assignTo": {"teamId": "rr"},
                            "strategy": "ROUND_ROBIN"}]}
                """);
        assertThat(rules.status()).as(rules.toString()).isEqualTo(200);

        int perClient = 30;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            EngineHttp node = client % 2 == 0 ? c1 : c2;
            sent.add(clients.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    Reply created = node.post("/api/opportunities", """
                            {"title": "Routed", "customerId": "%s", "source": "web",
                             "amount": {"value": "100", "currency": "CNY"}}
                            """.formatted(customerId));
                    assertThat(created.status()).as(created.toString()).isEqualTo(201);
                    ids.add(created.json().get("opportunityId").asText());
                }
                return ids;
            }));
        }
        List<String> opportunities = new ArrayList<>();
        for (Future<List<String>> client : sent) {
            opportunities.addAll(client.get());
        }
        clients.shutdown();

        List<Long> turns = new ArrayList<>();
        Map<String, Integer> owners = new HashMap<>();
        for (String id : opportunities) {
            JsonNode created = events(c2, id).get(0).get("payload");
            turns.add(created.get("assignment").get("turn").asLong());
            owners.merge(created.get("ownerId").asText(), 1, Integer::sum);
        }
        assertThat(turns)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, 4L * perClient).boxed().toList());
        assertThat(owners).isEqualTo(Map.of("rr-1", 40, "rr-2", 40, "rr-3", 40));
    }

    @Test
    @Order(2)
    void aHandOverWhoseNodeIsKilledIsFinishedByTheOtherNodeMovingEachOpportunityOnce() throws Exception {
        List<String> opportunities = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Reply created = c1.post("/api/opportunities", """
                    {"title": "Leaving", "customerId": "%s", "source": "web", "ownerId": "leaver",
                     "amount": {"value": "100", "currency": "CNY"}}
                    """.formatted(customerId));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            opportunities.add(created.json().get("opportunityId").asText());
        }
        Reply started = c1.post(
                "/api/assignment/reassign",
                "{\"fromUserId\": \"leaver\", \"toTeamId\": \"rr\", \"strategy\": \"ROUND_ROBIN\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = "/api/assignment/reassign/" + started.json().get("jobId").asText();

        Reply underway = c2.getUntil(job, reply -> reply.json().get("moves").size() >= 3);
        assertThat(underway.json().get("status").asText()).isEqualTo("RUNNING");
        command1.killHard();
        int movesAtKill = underway.json().get("moves").size();
        Instant killed = Instant.now();

        Reply done = awaitFinished(c2, job, Duration.ofSeconds(90));
        assertThat(done.json().get("status").asText()).as(done.toString()).isEqualTo("DONE");
        System.out.printf(
                "[assignment] hand-over killed after %d of 30 moves, finished by the other node %.1f s later%n",
                movesAtKill, Duration.between(killed, Instant.now()).toMillis() / 1000.0);

        Set<String> recorded = new HashSet<>();
        for (JsonNode move : done.json().get("moves")) {
            recorded.add(move.get("opportunityId").asText());
            assertThat(move.get("outcome").asText()).isIn("MOVED", "SKIPPED");
        }
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(opportunities);
        for (String id : opportunities) {
            List<JsonNode> handed = new ArrayList<>();
            for (JsonNode event : events(c2, id)) {
                if (event.get("type").asText().endsWith("OwnerAssigned")) {
                    handed.add(event.get("payload"));
                }
            }
            assertThat(handed).as(id).hasSize(1);
            assertThat(handed.get(0).get("reason").asText()).isEqualTo("HANDOVER");
            assertThat(handed.get(0).get("ownerId").asText()).startsWith("rr-");
        }
        try (MongoClient client = MongoClients.create(store.mongoUri())) {
            Document stored = client.getDatabase("opportunity_engine")
                    .getCollection("assignment_handovers")
                    .find(new Document("_id", started.json().get("jobId").asText()))
                    .first();
            assertThat(stored.getString("runner")).isEqualTo("command-2");
        }
    }

    private Reply awaitFinished(EngineHttp node, String job, Duration bound) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        Reply last = node.get(job);
        while (Instant.now().isBefore(deadline)
                && last.json().get("status").asText().equals("RUNNING")) {
            Thread.sleep(250);
            last = node.get(job);
        }
        return last;
    }

    private static List<JsonNode> events(EngineHttp node, String opportunityId) {
        Reply events = node.get("/api/audit/opportunities/" + opportunityId + "/events");
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        events.json().get("items").forEach(list::add);
        return list;
    }

    private void user(String id, String team) {
        Reply created = c1.post(
                "/api/admin/users",
                "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"SALES_REP\"], \"teamId\": \"%s\"}"
                        .formatted(id, id, team));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
}
