package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.BurntPositions;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogCursorTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration GAP_TIMEOUT = Duration.ofSeconds(60);

    MongoServer server;
    MongoClient client;
    MongoDatabase database;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://localhost:" + address.getPort());
        database = client.getDatabase("cursor");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    void event(long position, Instant recordedAt) {
        database.getCollection(MongoEventLogStorageEngine.EVENTS)
                .insertOne(new Document("_id", position).append("recordedAt", recordedAt.toEpochMilli()));
    }

    void highWaterMark(long value) {
        database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                .insertOne(new Document("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID).append("value", value));
    }

    List<Long> walk(long after, long limit, boolean settled) {
        LogCursor cursor = new LogCursor(database, Clock.fixed(NOW, ZoneOffset.UTC), GAP_TIMEOUT);
        List<Long> seen = new ArrayList<>();
        cursor.forEach(after, limit, Long.MAX_VALUE, settled, event -> seen.add(event.position()));
        return seen;
    }

    @Test
    void stopsBeforeAGapThatMayStillFill() {
        highWaterMark(100);
        event(1, NOW.minusSeconds(5));
        event(2, NOW.minusSeconds(5));
        event(4, NOW.minusSeconds(5));

        assertThat(walk(0, Long.MAX_VALUE, false)).containsExactly(1L, 2L);
        assertThat(walk(0, Long.MAX_VALUE, true)).containsExactly(1L, 2L, 4L);
    }

    void burnt(long from, long to) {
        for (long position = from; position <= to; position++) {
            database.getCollection(BurntPositions.COLLECTION).insertOne(new Document("_id", position));
        }
    }

    @Test
    void stepsOverPositionsTheStoreRecordedAsBurntAtOnce() {
        highWaterMark(2000);
        event(1, NOW.minusSeconds(5));
        burnt(2, 3); // a refused append
        event(4, NOW.minusSeconds(5));
        burnt(5, 1200); // a previous process's reservations, more than a window of them
        event(1201, NOW.minusSeconds(1));
        event(1203, NOW.minusSeconds(1)); // 1202 is a young gap nobody burnt: it may still fill

        assertThat(walk(0, Long.MAX_VALUE, false)).containsExactly(1L, 4L, 1201L);
    }

    @Test
    void skipsAGapOnceTheEventAfterItIsOlderThanTheGapTimeout() {
        highWaterMark(100);
        event(1, NOW.minusSeconds(300));
        event(4, NOW.minusSeconds(120));
        event(5, NOW.minusSeconds(5));

        assertThat(walk(0, Long.MAX_VALUE, false)).containsExactly(1L, 4L, 5L);
    }

    @Test
    void passesAWholeWindowOfBurntPositions() {
        highWaterMark(3000);
        event(1, NOW.minusSeconds(300));
        event(2000, NOW.minusSeconds(120));

        assertThat(walk(0, Long.MAX_VALUE, false)).containsExactly(1L, 2000L);
    }

    @Test
    void resumesAfterAPositionAndHonoursTheLimit() {
        highWaterMark(1200);
        for (long position = 1; position <= 1200; position++) {
            event(position, NOW.minusSeconds(1));
        }
        assertThat(walk(0, 3, false)).containsExactly(1L, 2L, 3L);
        assertThat(walk(498, 4, false)).containsExactly(499L, 500L, 501L, 502L);
        assertThat(walk(1198, 10, false)).containsExactly(1199L, 1200L);
        assertThat(walk(0, Long.MAX_VALUE, false)).hasSize(1200).doesNotHaveDuplicates();
    }
}
