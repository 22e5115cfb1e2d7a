package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2xx means the events are on disk: acknowledged commands survive a restart and a kill -9 of
 * the standalone engine running on its embedded store.
 */
class DurabilityIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acknowledgedCommandsSurviveKillMinusNine(@TempDir Path dataDir) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> refusals = ConcurrentHashMap.newKeySet();
        try (EngineProcess engine = EngineProcess.start(dataDir)) {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        String id = UUID.randomUUID().toString();
                        try {
                            HttpResponse<String> response =
                                    http.send(createOpportunity(engine, id), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 201) {
                                acknowledged.add(id);
                            } else {
                                refusals.add(response.statusCode() + " " + response.body());
                            }
                        } catch (Exception killedMidRequest) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acknowledged.size() < 200 && refusals.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(refusals).as("refused creations").isEmpty();
            engine.killHard();
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        try (EngineProcess restarted = EngineProcess.start(dataDir);
                MongoClient mongo = MongoClients.create(restarted.mongoUri())) {
            Set<String> stored = ConcurrentHashMap.newKeySet();
            mongo.getDatabase("opportunity_engine")
                    .getCollection("events")
                    .find(Filters.in("aggregateIdentifier", List.copyOf(acknowledged)))
                    .forEach(event -> stored.add(event.getString("aggregateIdentifier")));
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
            assertThat(stored)
                    .as("every acknowledged creation is on disk after kill -9")
                    .containsAll(acknowledged);

            // and the restarted engine keeps serving commands on the same log
            String id = UUID.randomUUID().toString();
            assertThat(http.send(createOpportunity(restarted, id), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void aGracefulRestartKeepsTheLogAndItsPositions(@TempDir Path dataDir) throws Exception {
        String first = UUID.randomUUID().toString();
        try (EngineProcess engine = EngineProcess.start(dataDir)) {
            assertThat(http.send(createOpportunity(engine, first), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(201);
            engine.stopGracefully();
        }
        String second = UUID.randomUUID().toString();
        try (EngineProcess engine = EngineProcess.start(dataDir);
                MongoClient mongo = MongoClients.create(engine.mongoUri())) {
            assertThat(http.send(createOpportunity(engine, second), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(201);
            // the first opportunity still exists: creating it again is refused
            assertThat(http.send(createOpportunity(engine, first), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(409);
            var events = mongo.getDatabase("opportunity_engine").getCollection("events");
            long firstPosition = events.find(Filters.eq("aggregateIdentifier", first))
                    .first()
                    .get("_id", Number.class)
                    .longValue();
            long secondPosition = events.find(Filters.eq("aggregateIdentifier", second))
                    .first()
                    .get("_id", Number.class)
                    .longValue();
            assertThat(secondPosition).isGreaterThan(firstPosition);
        }
    }

    private static HttpRequest createOpportunity(EngineProcess engine, String id) {
        String body = """
                {"opportunityId": "%s", "title": "Durability probe", "source": "test",
                 "customer": {"name": "Probe customer"},
                 "amount": {"value": "1000.00", "currency": "CNY"}, "ownerId": "alice"}""".formatted(id);
        return HttpRequest.newBuilder(engine.uri("/api/opportunities"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + engine.adminKey())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
