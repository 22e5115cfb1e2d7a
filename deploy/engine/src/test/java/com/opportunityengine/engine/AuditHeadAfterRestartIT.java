package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import com.opportunityengine.testing.http.EngineHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 row 12: positions a killed process had reserved and never filled do not hold the audit head (and the
 * export, which walks the log the same way) for the gap timeout after the restart. The gap timeout is 10 minutes
 * here; the head must pass the gap within 30 s.
 */
class AuditHeadAfterRestartIT {

    private static final String TEN_MINUTES = "--engine.event-log.gap-timeout=10m";

    @Test
    void theHeadPassesPositionsAKilledProcessLeftEmptyWithoutWaitingTheGapTimeout(@TempDir Path data) throws Exception {
        long abandonedFrom;
        try (EngineProcess engine = EngineProcess.start(data, TEN_MINUTES);
                MongoClient mongo = MongoClients.create(engine.mongoUri())) {
            EngineHttp http = new EngineHttp(engine.httpPort(), data);
            create(http);
            MongoDatabase database = mongo.getDatabase("opportunity_engine");
            // appends in flight when the process is killed: they reserved positions and never inserted (the
            // reservation written journaled here, so that the kill does not take it back with it)
            abandonedFrom = highWaterMark(database) + 1;
            database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                    .withWriteConcern(WriteConcern.JOURNALED)
                    .updateOne(
                            Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID),
                            Updates.inc("value", 3L));
            engine.killHard();
        }
        try (EngineProcess engine = EngineProcess.start(data, TEN_MINUTES);
                MongoClient mongo = MongoClients.create(engine.mongoUri())) {
            EngineHttp http = new EngineHttp(engine.httpPort(), data);
            create(http);
            MongoDatabase database = mongo.getDatabase("opportunity_engine");
            long last = database.getCollection(MongoEventLogStorageEngine.EVENTS)
                    .find()
                    .sort(Sorts.descending("_id"))
                    .first()
                    .get("_id", Number.class)
                    .longValue();
            assertThat(last).isGreaterThan(abandonedFrom + 2);
            assertThat(database.getCollection(MongoEventLogStorageEngine.EVENTS)
                            .countDocuments(Filters.and(
                                    Filters.gte("_id", abandonedFrom), Filters.lte("_id", abandonedFrom + 2))))
                    .isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long head = 0;
            while (head < last && System.nanoTime() < deadline) {
                head = http.get("/api/audit/head").json().get("position").asLong();
                if (head < last) {
                    Thread.sleep(200);
                }
            }
            assertThat(head).as("the head passed the abandoned positions").isGreaterThanOrEqualTo(last);
            String export =
                    http.get("/api/audit/events?after=" + (abandonedFrom - 1)).body();
            List<Long> exported = new ArrayList<>();
            for (String line : export.split("\n")) {
                if (!line.isBlank()) {
                    exported.add(EngineHttp.JSON.readTree(line).get("position").asLong());
                }
            }
            assertThat(exported).as("the export steps over them too").contains(last);
        }
    }

    private static long highWaterMark(MongoDatabase database) {
        Document counter = database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                .find(Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID))
                .first();
        return counter.get("value", Number.class).longValue();
    }

    private static void create(EngineHttp http) {
        EngineHttp.Reply reply =
                http.post("/api/opportunities", """
                {"opportunityId": "%s", "title": "Head probe", "source": "test", "customer": {"name": "Probe"},
                 "amount": {"value": "1000.00", "currency": "CNY"}, "ownerId": "alice"}""".formatted(UUID.randomUUID()), "Content-Type", "application/json");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }
}
