package com.opportunityengine.store;

import static org.junit.jupiter.api.Assertions.*;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoEventLogStorageEngineTest {

    private static EmbeddedStore store;
    private MongoDatabase database;
    private MongoEventLogStorageEngine engine;

    @BeforeAll
    static void startStore() {
        store = new EmbeddedStore();
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void setUp() {
        database = store.freshDatabase();
        engine = store.engineBuilder(database).build();
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Opportunity", aggregate, sequence, aggregate + "-" + sequence);
    }

    private static List<DomainEventMessage<String>> events(String aggregate, long from, int count) {
        List<DomainEventMessage<String>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(aggregate, from + i));
        }
        return events;
    }

    private List<TrackedEventMessage<?>> readAll(MongoEventLogStorageEngine engine, TrackingToken from) {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        engine.readEvents(from, false).forEach(read::add);
        return read;
    }

    private long count(MongoDatabase database) {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS).countDocuments();
    }

    @Test
    void concurrentAppendsToOneAggregateLetExactlyOneWin() throws Exception {
        engine.appendEvents(event("opp", 0));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> results = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
            results.add(pool.submit(() -> {
                start.await();
                engine.appendEvents(events("opp", 1, 3));
                return null;
            }));
        }
        int won = 0;
        int conflicts = 0;
        for (Future<?> result : results) {
            try {
                result.get(10, TimeUnit.SECONDS);
                won++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertInstanceOf(ConcurrencyException.class, e.getCause());
                conflicts++;
            }
        }
        pool.shutdown();
        assertEquals(1, won);
        assertEquals(1, conflicts);
        assertEquals(4, count(database), "nothing of the losing append may stay");
        assertEquals(
                List.of(0L, 1L, 2L, 3L),
                engine.readEvents("opp")
                        .asStream()
                        .map(DomainEventMessage::getSequenceNumber)
                        .toList());
        assertEquals(3L, engine.lastSequenceNumberFor("opp").orElseThrow());
    }

    @Test
    void aTrackingReaderSeesEveryEventOnceWhileManyThreadsAppend() throws Exception {
        int writers = 4;
        int appendsPerWriter = 40;
        int expected = writers * appendsPerWriter * 2;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String aggregate = "writer-" + w;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < appendsPerWriter; i++) {
                    engine.appendEvents(events(aggregate, 2L * i, 2));
                }
                return null;
            }));
        }
        go.countDown();
        Map<String, Long> lastSequence = new HashMap<>();
        Set<String> seen = new HashSet<>();
        TrackingToken token = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < expected && System.nanoTime() < deadline) {
            for (TrackedEventMessage<?> message : readAll(engine, token)) {
                TrackingToken next = message.trackingToken();
                if (token != null) {
                    assertTrue(next.covers(token) && !token.covers(next), "tokens must move strictly forward");
                }
                token = next;
                assertTrue(seen.add(message.getIdentifier()), "seen twice: " + message.getIdentifier());
                DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) message;
                long previous = lastSequence.getOrDefault(domainEvent.getAggregateIdentifier(), -1L);
                assertEquals(previous + 1, domainEvent.getSequenceNumber(), "per aggregate in order, none skipped");
                lastSequence.put(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber());
            }
        }
        for (Future<?> future : done) {
            future.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (TrackedEventMessage<?> message : readAll(engine, token)) {
            seen.add(message.getIdentifier());
            fail("no more events expected after all were read: " + message.getIdentifier());
        }
        assertEquals(expected, seen.size());
    }

    @Test
    void twoNodesWithClientsOfTheirOwnShareOneLogWithoutLosingOrRepeatingAnEvent() throws Exception {
        try (MongoClient otherClient = MongoClients.create(store.server.connectionString())) {
            List<MongoEventLogStorageEngine> nodes = List.of(
                    engine,
                    store.engineBuilder(otherClient.getDatabase(database.getName()))
                            .build());
            int appendsPerWriter = 60;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                MongoEventLogStorageEngine node = nodes.get(w % 2);
                String own = "node-writer-" + w;
                done.add(pool.submit(() -> {
                    go.await();
                    int conflicts = 0;
                    for (int i = 0; i < appendsPerWriter; i++) {
                        node.appendEvents(event(own, i));
                        // every writer also races the others on one shared aggregate
                        long next = node.lastSequenceNumberFor("shared")
                                .map(n -> n + 1)
                                .orElse(0L);
                        try {
                            node.appendEvents(event("shared", next));
                        } catch (ConcurrencyException | AggregateStreamCreationException lost) {
                            conflicts++;
                        }
                    }
                    return conflicts;
                }));
            }
            go.countDown();
            int conflicts = 0;
            for (Future<Integer> future : done) {
                conflicts += future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            List<TrackedEventMessage<?>> read = readAll(engine, null);
            Set<String> ids = new HashSet<>();
            Set<Long> positions = new HashSet<>();
            for (TrackedEventMessage<?> message : read) {
                assertTrue(ids.add(message.getIdentifier()), "read twice: " + message.getIdentifier());
                assertTrue(positions.add(message.trackingToken().position().orElseThrow()));
            }
            long shared = engine.lastSequenceNumberFor("shared").orElseThrow() + 1;
            assertEquals(4L * appendsPerWriter + shared, read.size(), "every appended event is read once");
            assertEquals(4L * appendsPerWriter, shared + conflicts, "each race has one winner");
            assertEquals(
                    LongStream.range(0, shared).boxed().toList(),
                    engine.readEvents("shared")
                            .asStream()
                            .map(DomainEventMessage::getSequenceNumber)
                            .toList(),
                    "the raced aggregate's sequence is dense");
            long reserved = database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                    .find(Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID))
                    .first()
                    .get("value", Number.class)
                    .longValue();
            assertEquals(read.size() + conflicts, reserved, "one position per append attempt, none reserved ahead");
        }
    }

    @Test
    void aGapThatClosesLateIsDelivered() throws Exception {
        CountDownLatch slowTookItsPosition = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        engine.beforeInsert = documents -> {
            if ("slow".equals(documents.get(0).getString("aggregateIdentifier"))) {
                slowTookItsPosition.countDown();
                await(releaseSlow);
            }
        };
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> engine.appendEvents(event("slow", 0)));
        await(slowTookItsPosition);
        engine.appendEvents(event("fast", 0));

        List<TrackedEventMessage<?>> first = readAll(engine, null);
        assertEquals(
                List.of("fast-0"),
                first.stream().map(m -> (String) m.getPayload()).toList());
        GapAwareTrackingToken afterFast = (GapAwareTrackingToken) first.get(0).trackingToken();
        assertEquals(Set.of(1L), afterFast.getGaps(), "the slow append's position is a gap");

        releaseSlow.countDown();
        slow.get(10, TimeUnit.SECONDS);
        List<TrackedEventMessage<?>> second = readAll(engine, afterFast);
        assertEquals(
                List.of("slow-0"),
                second.stream().map(m -> (String) m.getPayload()).toList());
        GapAwareTrackingToken afterSlow = (GapAwareTrackingToken) second.get(0).trackingToken();
        assertFalse(afterSlow.hasGaps());
        assertEquals(2L, afterSlow.getIndex());
        assertTrue(readAll(engine, afterSlow).isEmpty(), "nothing is delivered twice");
    }

    @Test
    void aGapWhoseAppendFailedIsDroppedAfterTheTimeout() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        engine = store.engineBuilder(database)
                .clock(clock)
                .gapTimeout(Duration.ofSeconds(10))
                .build();
        engine.appendEvents(event("a", 0)); // position 1
        assertThrows(
                AggregateStreamCreationException.class, () -> engine.appendEvents(event("a", 0))); // position 2 burnt
        engine.appendEvents(event("b", 0)); // position 3
        List<TrackedEventMessage<?>> read = readAll(engine, null);
        assertEquals(2, read.size());
        GapAwareTrackingToken token = (GapAwareTrackingToken) read.get(1).trackingToken();
        assertEquals(Set.of(2L), token.getGaps(), "a young gap is kept: its append might still come");

        clock.advance(Duration.ofSeconds(11));
        engine.appendEvents(event("c", 0)); // position 4
        List<TrackedEventMessage<?>> later = readAll(engine, token);
        assertEquals(1, later.size());
        GapAwareTrackingToken dropped = (GapAwareTrackingToken) later.get(0).trackingToken();
        assertEquals(4L, dropped.getIndex());
        assertFalse(dropped.hasGaps(), "the gap behind an event older than the timeout is given up");
    }

    @Test
    void anEmptyRunOfReservedPositionsDoesNotStallTheReader() {
        engine = store.engineBuilder(database).batchSize(5).build();
        engine.appendEvents(event("before", 0)); // position 1
        // appends that reserved 2..20 and then failed (lost races on their aggregates): empty for good
        database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                .updateOne(
                        Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID), Updates.inc("value", 19L));
        MongoEventLogStorageEngine otherNode =
                store.engineBuilder(database).batchSize(5).build();
        otherNode.appendEvents(event("after", 0)); // position 21

        List<TrackedEventMessage<?>> read = readAll(engine, engine.createTailToken());
        assertEquals(
                List.of("before-0", "after-0"),
                read.stream().map(m -> (String) m.getPayload()).toList());
        assertEquals(21L, ((GapAwareTrackingToken) read.get(1).trackingToken()).getIndex());
        assertEquals(21L, ((GapAwareTrackingToken) engine.createHeadToken()).getIndex());
    }

    @Test
    void aRefusedAppendRecordsItsPositionsAsBurnt() {
        BurntPositions burnt = new BurntPositions(database);
        engine.appendEvents(event("a", 0)); // position 1
        assertThrows(
                AggregateStreamCreationException.class,
                () -> engine.appendEvents(events("a", 0, 3))); // positions 2..4, refused on the first
        MongoEventLogStorageEngine rival = store.engineBuilder(database).build();
        AtomicBoolean raced = new AtomicBoolean();
        engine.beforeInsert = documents -> {
            if (raced.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> rival.appendEvents(event("deal", 0)))
                        .join(); // position 8
            }
        };
        // positions 5..7: the first two inserted, the third refused, the inserted two removed again
        assertThrows(
                AggregateStreamCreationException.class,
                () -> engine.appendEvents(List.of(event("opp", 0), event("opp", 1), event("deal", 0))));
        engine.appendEvents(event("b", 0)); // position 9
        assertEquals(Set.of(2L, 3L, 4L, 5L, 6L, 7L), burnt.in(1, 9));
        assertTrue(burnt.all(2, 7));
        assertFalse(burnt.all(1, 7));
    }

    @Test
    void theSoleAppenderRecordsWhatAPreviousProcessLeftReservedAndEmptyAtStartUp() {
        engine.appendEvents(event("a", 0)); // position 1
        // a previous process reserved 2..4 and was killed before inserting
        database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                .updateOne(Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID), Updates.inc("value", 3L));
        BurntPositions burnt = new BurntPositions(database);
        store.engineBuilder(database).build();
        assertEquals(Set.of(), burnt.in(1, 10), "a node sharing the log with others may not assume anything");
        MongoEventLogStorageEngine restarted =
                store.engineBuilder(database).soleAppender(true).build();
        assertEquals(Set.of(2L, 3L, 4L), burnt.in(1, 10));
        restarted.appendEvents(event("b", 0)); // position 5
        assertEquals(Set.of(2L, 3L, 4L), burnt.in(1, 10));
    }

    @Test
    void aBatchOfTwoAggregatesIsAllOrNothingWhenTheSecondAlreadyExists() {
        engine.appendEvents(event("deal", 0));
        List<DomainEventMessage<?>> conversion = List.of(event("opp", 0), event("opp", 1), event("deal", 0));
        assertThrows(AggregateStreamCreationException.class, () -> engine.appendEvents(conversion));
        assertEquals(0, engine.readEvents("opp").asStream().count(), "pre-check: nothing inserted");
        assertEquals(1, count(database));
    }

    @Test
    void aBatchThatLosesARaceAfterItsPreCheckIsRemovedAgain() {
        MongoEventLogStorageEngine rival = store.engineBuilder(database).build();
        AtomicBoolean raced = new AtomicBoolean();
        engine.beforeInsert = documents -> {
            if (raced.compareAndSet(false, true)) {
                // a concurrent writer creates the deal between the pre-check and our insert
                CompletableFuture.runAsync(() -> rival.appendEvents(event("deal", 0)))
                        .join();
            }
        };
        List<DomainEventMessage<?>> conversion = List.of(event("opp", 0), event("opp", 1), event("deal", 0));
        assertThrows(AggregateStreamCreationException.class, () -> engine.appendEvents(conversion));
        assertEquals(0, engine.readEvents("opp").asStream().count(), "the inserted head of the batch was removed");
        assertEquals(1, engine.readEvents("deal").asStream().count());
        assertEquals(1, count(database));
    }

    @Test
    void aShortStreamThisNodeWroteIsLoadedWholeWithoutTheSnapshotRoundTrip() {
        engine.appendEvents(events("short", 0, 5));
        engine.storeSnapshot(event("short", 3));

        // the event store then reads the stream from sequence 0: every event, nothing lost
        assertTrue(engine.readSnapshot("short").isEmpty(), "no snapshot look-up for a short stream it wrote");
        assertEquals(5, engine.readEvents("short").asStream().count());
        MongoEventLogStorageEngine otherNode = store.engineBuilder(database).build();
        assertEquals(
                3L,
                otherNode.readSnapshot("short").orElseThrow().getSequenceNumber(),
                "a node that did not write the stream starts from the snapshot");
    }

    @Test
    void snapshotsKeepTheNewest() {
        engine.appendEvents(events("opp", 0, 300));
        engine.storeSnapshot(event("opp", 250));
        engine.storeSnapshot(event("opp", 100));
        assertEquals(250L, engine.readSnapshot("opp").orElseThrow().getSequenceNumber());
        List<DomainEventMessage<?>> loaded = new ArrayList<>();
        engine.readEvents("opp", 251).asStream().forEach(loaded::add);
        assertEquals(251L, loaded.get(0).getSequenceNumber(), "the event store loads from after the snapshot");
        assertEquals(49, loaded.size());
        assertEquals(299L, engine.lastSequenceNumberFor("opp").orElseThrow());
    }

    @Test
    void anAggregateStreamIsReadWholeWhateverItsLengthAgainstTheGrowingKeyWindows() {
        // windows of 4, 16, 64 keys, capped by the batch of 100: lengths on and around their edges
        for (int length : new int[] {1, 3, 4, 5, 20, 21, 84, 85, 100, 101, 250}) {
            String aggregate = "stream-" + length;
            engine.appendEvents(events(aggregate, 0, length));

            List<Long> sequences = engine.readEvents(aggregate)
                    .asStream()
                    .map(DomainEventMessage::getSequenceNumber)
                    .toList();

            assertEquals(LongStream.range(0, length).boxed().toList(), sequences, "stream of " + length);
            List<Long> fromThree = engine.readEvents(aggregate, 3)
                    .asStream()
                    .map(DomainEventMessage::getSequenceNumber)
                    .toList();
            assertEquals(
                    LongStream.range(Math.min(3, length), length).boxed().toList(),
                    fromThree,
                    "stream of " + length + " from sequence 3");
        }
        assertTrue(engine.readEvents("no-such-stream").asStream().findAny().isEmpty());
    }

    @Test
    void lastSequenceNumberIsFoundByProbingKeys() {
        assertTrue(engine.lastSequenceNumberFor("none").isEmpty());
        engine.appendEvents(event("one", 0));
        assertEquals(0L, engine.lastSequenceNumberFor("one").orElseThrow());
        engine.appendEvents(events("many", 0, 1000));
        assertEquals(999L, engine.lastSequenceNumberFor("many").orElseThrow());
    }

    @Test
    void theStoredPayloadIsTheSerializersJsonText() {
        engine.appendEvents(event("opp", 0));
        String payload = database.getCollection(MongoEventLogStorageEngine.EVENTS)
                .find(Filters.eq("streamKey", "opp#0"))
                .first()
                .getString("payload");
        assertEquals("\"opp-0\"", payload);
    }

    @Test
    void aRestartKeepsEveryEventAndPositionsContinue() throws Exception {
        try (EmbeddedStore own = new EmbeddedStore()) {
            MongoDatabase db = own.client.getDatabase("restart");
            MongoEventLogStorageEngine first = own.engineBuilder(db).build();
            first.appendEvents(events("opp", 0, 5));
            own.restart();
            db = own.client.getDatabase("restart");
            MongoEventLogStorageEngine second = own.engineBuilder(db).build();
            second.appendEvents(events("opp", 5, 5));
            second.appendEvents(event("other", 0));

            List<TrackedEventMessage<?>> all = readAll(second, null);
            assertEquals(11, all.size());
            Set<Long> positions = new HashSet<>();
            long previous = 0;
            for (TrackedEventMessage<?> message : all) {
                long position = ((GapAwareTrackingToken) message.trackingToken()).getIndex();
                assertTrue(positions.add(position));
                assertTrue(position > previous, "positions keep increasing after a restart");
                previous = position;
            }
            assertEquals(9L, second.lastSequenceNumberFor("opp").orElseThrow());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
