package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.testing.http.EngineHttp;
import com.opportunityengine.testing.http.EngineHttp.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster on this machine, as an operator runs it with the jar alone: the embedded store in a process of its own
 * ({@code store} verb), two command nodes and two query nodes on it, each a separate JVM on loopback. The tests run in
 * order on the one cluster: the query nodes split the segments; the command nodes race on one opportunity and on many
 * without losing or doubling an acknowledged command; the idempotency ledger answers a retry once whichever node gets
 * it; a replay with both query nodes running ends with the same answers; a single node building the same log from
 * scratch answers the same; a query node stopped gracefully hands its segments over at once, a killed one's move to
 * the other after the claim timeout; a killed store loses nothing
 * acknowledged and the nodes carry on when it is back. Measured times are printed as {@code [cluster] ...} lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration BOUND = Duration.ofSeconds(90);
    private static final List<String> COMPARED_PROJECTIONS = List.of("opportunity-views", "funnel", "pipeline");

    private Path root;
    private EngineProcess store;
    private String mongoUri;
    private EngineProcess command1;
    private EngineProcess command2;
    private EngineProcess query1;
    private EngineProcess query2;
    private EngineHttp c1;
    private EngineHttp c2;
    private EngineHttp q1;
    private EngineHttp q2;
    private String adminKey;
    private final List<String> opportunities = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        root = Files.createTempDirectory("cluster-it");
        store = EngineProcess.store(root.resolve("store"), 0);
        mongoUri = store.mongoUri("opportunity_engine");
        // the first node on an empty store makes the admin user and writes its key to its data folder
        command1 = EngineProcess.node(root.resolve("command-1"), mongoUri, "command", "command-1");
        adminKey = EngineHttp.adminKey(root.resolve("command-1"));
        CompletableFuture<EngineProcess> second = startAsync("command", "command-2");
        CompletableFuture<EngineProcess> firstQuery = startAsync("query", "query-1");
        CompletableFuture<EngineProcess> secondQuery = startAsync("query", "query-2");
        command2 = second.get();
        query1 = firstQuery.get();
        query2 = secondQuery.get();
        c1 = new EngineHttp(command1.httpPort(), adminKey);
        c2 = new EngineHttp(command2.httpPort(), adminKey);
        q1 = new EngineHttp(query1.httpPort(), adminKey);
        q2 = new EngineHttp(query2.httpPort(), adminKey);
    }

    private CompletableFuture<EngineProcess> startAsync(String role, String nodeId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return EngineProcess.node(root.resolve(nodeId), mongoUri, role, nodeId);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (EngineProcess process : new EngineProcess[] {query2, query1, command2, command1, store}) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    @Order(0)
    void aKeyRevokedOnOneNodeIsRefusedByEveryNodeFromTheNextRequest() {
        Reply user = c1.post(
                "/api/admin/users",
                "{\"userId\": \"cluster.auditor\", \"displayName\": \"Auditor\", \"roles\": [\"AUDITOR\"]}");
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        JsonNode issued =
                c1.post("/api/admin/users/cluster.auditor/api-keys", null).json();
        String key = issued.path("key").asText();
        String pipelines = "/api/pipelines";
        // every node authenticates the key once, and so remembers it
        for (EngineHttp node : List.of(c1, c2)) {
            assertThat(node.withKey(key).get(pipelines).status()).isEqualTo(200);
        }
        for (EngineHttp node : List.of(q1, q2)) {
            assertThat(node.withKey(key).get("/api/opportunities").status()).isEqualTo(200);
        }

        assertThat(c2.send(
                                "DELETE",
                                "/api/admin/api-keys/" + issued.path("keyId").asText(),
                                null)
                        .status())
                .isEqualTo(204);

        for (EngineHttp node : List.of(c1, c2)) {
            assertThat(node.withKey(key).get(pipelines).status()).isEqualTo(401);
        }
        for (EngineHttp node : List.of(q1, q2)) {
            assertThat(node.withKey(key).get("/api/opportunities").status()).isEqualTo(401);
        }
        assertThat(c1.get(pipelines).status())
                .as("the admin's key is unaffected")
                .isEqualTo(200);
    }

    @Test
    @Order(1)
    void twoQueryNodesSplitEveryProcessorsSegmentsEvenly() throws Exception {
        long started = System.nanoTime();
        JsonNode projections = awaitProjections(q1, items -> {
            for (JsonNode item : items) {
                Map<String, Integer> held = heldByNode(item);
                int segments = item.path("segments").asInt();
                boolean even = segments == 1
                        ? held.values().stream().mapToInt(Integer::intValue).sum() == 1
                        : held.getOrDefault("query-1", 0) == segments / 2
                                && held.getOrDefault("query-2", 0) == segments / 2;
                if (!even || item.path("nodes").size() != 2) {
                    return false;
                }
            }
            return true;
        });
        System.out.printf(
                "[cluster] segments split 2/2 between two query nodes %.1f s after both were up%n", seconds(started));
        for (JsonNode item : projections) {
            if (!item.path("name").asText().equals("win-probability")) {
                assertThat(item.path("segments").asInt())
                        .as("%s has the default segments", item.path("name").asText())
                        .isEqualTo(4);
            }
            assertThat(item.path("nodes")).extracting(JsonNode::asText).containsExactly("query-1", "query-2");
        }
    }

    @Test
    @Order(2)
    void twoCommandNodesRacingOnOneOpportunityLoseNothingAndApplyNothingTwice() throws Exception {
        String opportunity = createOpportunity(c1, "The raced one");
        Race race = race(Map.of(opportunity, 1000));
        System.out.printf(
                "[cluster] 1000 contacts on one opportunity from two command nodes: %.1f s, %d answered 409 after the"
                        + " node's retries and were sent again by the client%n",
                race.seconds, race.clientRetries.get());
        assertEverythingAcknowledgedIsThereOnce(opportunity, race.acknowledged.get(opportunity));
    }

    @Test
    @Order(3)
    void twoCommandNodesRacingOnManyOpportunitiesLoseNothingAndApplyNothingTwice() throws Exception {
        Map<String, Integer> work = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            work.put(createOpportunity(i % 2 == 0 ? c1 : c2, "Many " + i), 15);
        }
        Race race = race(work);
        System.out.printf(
                "[cluster] 300 contacts on 20 opportunities from two command nodes: %.1f s, %d sent again%n",
                race.seconds, race.clientRetries.get());
        for (String opportunity : work.keySet()) {
            assertEverythingAcknowledgedIsThereOnce(opportunity, race.acknowledged.get(opportunity));
        }
        // the whole log: every position once, in order, and the running head chains it
        Reply export = c2.get("/api/audit/events?limit=100000");
        assertThat(export.status()).isEqualTo(200);
        long previous = 0;
        Set<String> ids = new HashSet<>();
        for (String line : export.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event = EngineHttp.JSON.readTree(line);
            assertThat(event.path("position").asLong()).isGreaterThan(previous);
            previous = event.path("position").asLong();
            assertThat(ids.add(event.path("eventId").asText())).isTrue();
        }
        // the running head (advanced every 5 s, past a burnt position once it is given up) chains what it covers
        JsonNode head = c1.get("/api/audit/head").json();
        assertThat(head.path("eventsCovered").asLong()).isLessThanOrEqualTo(ids.size());
        assertThat(head.path("position").isNumber()).as(head.toString()).isTrue();
        JsonNode verified = c2.get("/api/audit/head/verify?position="
                        + head.path("position").asLong() + "&hash="
                        + head.path("hash").asText())
                .json();
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    @Test
    @Order(4)
    void theIdempotencyLedgerAnswersARetryOnceWhicheverNodeGetsIt() {
        String opportunity = opportunities.get(0);
        String body = contact(UUID.randomUUID().toString(), "asked twice");
        String key = "cluster-" + UUID.randomUUID();
        Reply first = c1.post("/api/opportunities/" + opportunity + "/contacts", body, "Idempotency-Key", key);
        Reply again = c2.post("/api/opportunities/" + opportunity + "/contacts", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());
        JsonNode events = c2.get("/api/audit/opportunities/" + opportunity + "/events")
                .json()
                .path("items");
        long withKey = 0;
        for (JsonNode event : events) {
            if (key.equals(event.path("idempotencyKey").asText(null))) {
                withKey++;
            }
        }
        assertThat(withKey).as("events appended for the key").isEqualTo(1);
    }

    @Test
    @Order(5)
    void aReplayWithBothQueryNodesRunningEndsWithTheSameAnswers() throws Exception {
        awaitCaughtUp(q1);
        Map<String, JsonNode> before = answers(q1);
        for (String projection : COMPARED_PROJECTIONS) {
            long started = System.nanoTime();
            Reply replay = q2.post("/api/admin/projections/" + projection + "/replay", null);
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            System.out.printf(
                    "[cluster] replay of %s reset with two query nodes running in %.1f s%n",
                    projection, seconds(started));
        }
        JsonNode after = awaitCaughtUp(q1);
        for (JsonNode item : after) {
            assertThat(item.path("status").asText())
                    .as("%s once its replay reached the head", item.path("name").asText())
                    .isEqualTo("running");
        }
        assertThat(answers(q1)).isEqualTo(before);
        assertThat(answers(q2)).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aSingleNodeBuildingTheSameLogFromScratchAnswersTheSame() throws Exception {
        awaitCaughtUp(q1);
        Map<String, JsonNode> cluster = answers(q1);
        try (MongoClient client = MongoClients.create(store.mongoUri())) {
            MongoDatabase source = client.getDatabase("opportunity_engine");
            MongoDatabase copy = client.getDatabase("single_node");
            for (String collection : source.listCollectionNames()) {
                // the log and what the command side keeps; read models, tokens and heartbeats are rebuilt
                if (collection.startsWith("qv_")
                        || collection.startsWith("engine_")
                        || collection.equals("trackingtokens")) {
                    continue;
                }
                List<Document> documents =
                        source.getCollection(collection).find().into(new ArrayList<>());
                if (!documents.isEmpty()) {
                    copy.getCollection(collection).insertMany(documents);
                }
            }
        }
        try (EngineProcess single = EngineProcess.node(
                root.resolve("single"), mongoUri, "query", "single", "--engine.mongo.database=single_node")) {
            EngineHttp alone = new EngineHttp(single.httpPort(), adminKey);
            awaitCaughtUp(alone);
            assertThat(answers(alone)).isEqualTo(cluster);
        }
    }

    @Test
    @Order(7)
    void aQueryNodeStoppedGracefullyReleasesItsSegmentsAtOnce() throws Exception {
        long stopping = System.nanoTime();
        query2.stopGracefully();
        awaitProjections(q1, items -> allHeldBy(items, "query-1"));
        double takeover = seconds(stopping);
        System.out.printf(
                "[cluster] graceful stop of a query node: the other holds all its segments %.1f s later%n", takeover);
        assertThat(takeover)
                .as("released at shutdown, not left to the 10 s claim timeout")
                .isLessThan(10);
        // back again: the segments are shared once more
        query2 = EngineProcess.node(root.resolve("query-2"), mongoUri, "query", "query-2");
        q2 = new EngineHttp(query2.httpPort(), adminKey);
        awaitProjections(q1, items -> {
            for (JsonNode item : items) {
                if (item.path("segments").asInt() == 4 && heldByNode(item).getOrDefault("query-2", 0) != 2) {
                    return false;
                }
            }
            return true;
        });
    }

    private static boolean allHeldBy(JsonNode items, String node) {
        for (JsonNode item : items) {
            if (heldByNode(item).getOrDefault(node, 0) != item.path("segments").asInt()) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(8)
    void aKilledQueryNodesSegmentsMoveToTheOtherWithinTheBound() throws Exception {
        long killed = System.nanoTime();
        query2.killHard();
        awaitProjections(q1, items -> allHeldBy(items, "query-1"));
        double takeover = seconds(killed);
        System.out.printf(
                "[cluster] kill -9 of a query node: the other holds all its segments %.1f s later%n", takeover);
        // the bound: the claim timeout (10 s) plus a claim round and the node timeout, with room for a busy machine
        assertThat(takeover).isLessThan(BOUND.toSeconds());
        String opportunity = createOpportunity(c1, "After the takeover");
        assertThat(q1.getUntil("/api/opportunities/" + opportunity, r -> r.status() == 200)
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Order(9)
    void aKilledStoreLosesNoAcknowledgedCommandAndTheNodesCarryOnWhenItIsBack() throws Exception {
        String opportunity = opportunities.get(1);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 40; i++) {
            String contactId = UUID.randomUUID().toString();
            Reply reply = (i % 2 == 0 ? c1 : c2)
                    .post("/api/opportunities/" + opportunity + "/contacts", contact(contactId, "before the crash"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            acknowledged.add(contactId);
        }
        int port = store.mongoPort();
        store.killHard();
        store = EngineProcess.store(root.resolve("store"), port);
        long back = System.nanoTime();
        Reply next = c1.post(
                "/api/opportunities/" + opportunity + "/contacts",
                contact(UUID.randomUUID().toString(), "after"));
        while (next.status() != 201 && seconds(back) < BOUND.toSeconds()) {
            assertThat(next.status())
                    .as("a store away is a 503, never a 500: " + next.body())
                    .isEqualTo(503);
            Thread.sleep(500);
            next = c1.post(
                    "/api/opportunities/" + opportunity + "/contacts",
                    contact(UUID.randomUUID().toString(), "after"));
        }
        assertThat(next.status()).isEqualTo(201);
        System.out.printf("[cluster] commands succeed again %.1f s after the store restarted%n", seconds(back));
        Set<String> stored = contactIds(c2.get("/api/audit/opportunities/" + opportunity + "/events")
                .json()
                .path("items"));
        assertThat(stored).containsAll(acknowledged);
        assertThat(c2.get("/api/audit/opportunities/" + opportunity + "/verify")
                        .json()
                        .path("ok")
                        .asBoolean())
                .isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private record Race(Map<String, Set<String>> acknowledged, AtomicInteger clientRetries, double seconds) {}

    /** Sends {@code commands} contacts per opportunity from 8 clients, alternating the two command nodes. */
    private Race race(Map<String, Integer> work) throws Exception {
        List<String[]> tasks = new ArrayList<>();
        work.forEach((opportunity, count) -> {
            for (int i = 0; i < count; i++) {
                tasks.add(new String[] {opportunity, UUID.randomUUID().toString()});
            }
        });
        java.util.Collections.shuffle(tasks, new java.util.Random(7));
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        work.keySet().forEach(id -> acknowledged.put(id, ConcurrentHashMap.newKeySet()));
        AtomicInteger clientRetries = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                    String opportunity = tasks.get(i)[0];
                    String contactId = tasks.get(i)[1];
                    String key = "race-" + contactId;
                    String path = "/api/opportunities/" + opportunity + "/contacts";
                    Reply reply = (i % 2 == 0 ? c1 : c2).post(path, contact(contactId, "race"), "Idempotency-Key", key);
                    for (int attempt = 1; reply.status() == 409 && attempt <= 10; attempt++) {
                        clientRetries.incrementAndGet();
                        reply = (attempt % 2 == 0 ? c1 : c2)
                                .post(path, contact(contactId, "race"), "Idempotency-Key", key);
                    }
                    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
                    acknowledged.get(opportunity).add(contactId);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        clients.shutdown();
        return new Race(acknowledged, clientRetries, seconds(started));
    }

    private void assertEverythingAcknowledgedIsThereOnce(String opportunity, Set<String> acknowledged) {
        JsonNode events = c2.get("/api/audit/opportunities/" + opportunity + "/events")
                .json()
                .path("items");
        for (int sequence = 0; sequence < events.size(); sequence++) {
            assertThat(events.get(sequence).path("sequence").asLong())
                    .as("the stream is dense")
                    .isEqualTo(sequence);
        }
        List<String> contactEvents = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("type").asText().endsWith("ContactLogged")) {
                contactEvents.add(event.path("payload").path("contactId").asText());
            }
        }
        assertThat(contactEvents).as("each acknowledged contact once").hasSize(acknowledged.size());
        assertThat(new HashSet<>(contactEvents)).isEqualTo(acknowledged);
        JsonNode verify =
                c1.get("/api/audit/opportunities/" + opportunity + "/verify").json();
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.path("checked").asLong()).isEqualTo(events.size());
        // the readers: both query nodes' timeline shows every contact exactly once
        long version = events.size() - 1L;
        for (EngineHttp query : List.of(q1, q2)) {
            Reply timeline = query.getUntil(
                    "/api/opportunities/" + opportunity + "/timeline?minVersion=" + version, r -> r.status() == 200);
            assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
            List<String> shown = new ArrayList<>();
            for (JsonNode item : timeline.json().path("items")) {
                if (item.path("type").asText().equals("CONTACT")) {
                    shown.add(item.path("details").path("contactId").asText());
                }
            }
            assertThat(shown).hasSize(acknowledged.size());
            assertThat(new HashSet<>(shown)).isEqualTo(acknowledged);
        }
    }

    private static Set<String> contactIds(JsonNode events) {
        Set<String> ids = new HashSet<>();
        for (JsonNode event : events) {
            if (event.path("type").asText().endsWith("ContactLogged")) {
                ids.add(event.path("payload").path("contactId").asText());
            }
        }
        return ids;
    }

    private String createOpportunity(EngineHttp node, String title) {
        Reply created = node.post(
                "/api/opportunities",
                "{\"title\":\"" + title + "\",\"customer\":{\"name\":\"Customer of " + title + "\"},"
                        + "\"source\":\"web\",\"amount\":{\"value\":\"12000\",\"currency\":\"CNY\"},"
                        + "\"ownerId\":\"admin\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("opportunityId").asText();
        opportunities.add(id);
        return id;
    }

    private static String contact(String contactId, String summary) {
        return "{\"contactId\":\"" + contactId + "\",\"channel\":\"CALL\",\"direction\":\"OUTBOUND\",\"summary\":\""
                + summary + "\"}";
    }

    /** The views of every opportunity made here, the funnel and the pipeline, as one query node answers them. */
    private Map<String, JsonNode> answers(EngineHttp query) {
        Map<String, JsonNode> answers = new HashMap<>();
        for (String id : opportunities) {
            Reply view = query.getUntil("/api/opportunities/" + id, r -> r.status() == 200);
            answers.put("view " + id, view.json());
        }
        answers.put("funnel", withoutTimes(query.get("/api/funnel").json()));
        answers.put("pipeline", query.get("/api/pipeline").json());
        return answers;
    }

    /** The funnel's {@code asOf} is the time of the question, not of the answer's content. */
    private static JsonNode withoutTimes(JsonNode funnel) {
        if (funnel instanceof ObjectNode object) {
            object.remove("asOf");
        }
        return funnel;
    }

    /** Waits until every projection is running and at the head of the log; returns the last answer. */
    private JsonNode awaitCaughtUp(EngineHttp query) throws Exception {
        return awaitProjections(query, items -> {
            for (JsonNode item : items) {
                if (item.path("lag").asLong(-1) != 0
                        || !item.path("status").asText().equals("running")) {
                    return false;
                }
            }
            return items.size() > 0;
        });
    }

    private static JsonNode awaitProjections(EngineHttp query, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        JsonNode items = null;
        while (System.nanoTime() < deadline) {
            Reply reply = query.get("/api/admin/projections");
            if (reply.status() == 200) {
                items = reply.json().path("items");
                if (condition.test(items)) {
                    return items;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("projections did not get there in " + BOUND + ": " + items);
    }

    private static Map<String, Integer> heldByNode(JsonNode projection) {
        Map<String, Integer> held = new HashMap<>();
        for (JsonNode claim : projection.path("claims")) {
            if (!claim.path("node").isNull() && !claim.path("node").isMissingNode()) {
                held.merge(claim.path("node").asText(), 1, Integer::sum);
            }
        }
        return held;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
