package com.opportunityengine.store;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Not a test: measures the event log on the embedded store (durable appends/s on 1 and 4 threads,
 * aggregate load and next-batch fetch at 10k and 100k events). Run from the worktree root:
 * <pre>
 * mvn -o -q -pl command-side -am test-compile
 * mvn -o -q -pl command-side dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp command-side/target/test-classes:command-side/target/classes:$(cat /tmp/cp.txt) \
 *      com.opportunityengine.store.EventLogMeasurement
 * </pre>
 */
public final class EventLogMeasurement {

    private static long FIRST_FILL;

    public static void main(String[] args) throws Exception {
        try (EmbeddedStore store = new EmbeddedStore()) {
            MongoDatabase database = store.freshDatabase();
            MongoEventLogStorageEngine engine = store.engineBuilder(database).build();
            measureAppends(engine, 1, 1000);
            measureAppends(engine, 4, 250);
            long size =
                    database.getCollection(MongoEventLogStorageEngine.EVENTS).countDocuments();
            FIRST_FILL = size;
            for (long target : new long[] {10_000, 100_000}) {
                size = fill(engine, size, target);
                measureReads(engine, size);
            }
        }
    }

    private static void measureAppends(MongoEventLogStorageEngine engine, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String aggregate = "append-" + threads + "-" + t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    engine.appendEvents(event(aggregate, i));
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(
                "durable appends, %d thread(s): %.0f appends/s (1 event each)%n",
                threads, threads * perThread / seconds);
    }

    private static long fill(MongoEventLogStorageEngine engine, long size, long target) {
        while (size < target) {
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            String id = "fill-" + size;
            for (int i = 0; i < 20; i++) {
                batch.add(event(id, i));
            }
            engine.appendEvents(batch);
            size += batch.size();
        }
        return size;
    }

    private static void measureReads(MongoEventLogStorageEngine engine, long size) {
        Random random = new Random(42);
        long first = FIRST_FILL;
        long[] load = new long[200];
        for (int i = 0; i < load.length; i++) {
            long start = System.nanoTime();
            long count = engine.readEvents("fill-" + (first + random.nextLong((size - first) / 20) * 20))
                    .asStream()
                    .count();
            load[i] = System.nanoTime() - start;
            if (count != 20) {
                throw new IllegalStateException();
            }
        }
        long[] fetch = new long[200];
        for (int i = 0; i < fetch.length; i++) {
            GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(random.nextLong(size - 200), List.of());
            long start = System.nanoTime();
            int count = engine.fetchTrackedEvents(token, 100).size();
            fetch[i] = System.nanoTime() - start;
            if (count != 100) {
                throw new IllegalStateException("fetched " + count);
            }
        }
        System.out.printf(
                "log of %,d events: aggregate load (20 events) p50 %.2f ms p95 %.2f ms; "
                        + "next 100 of the log p50 %.2f ms p95 %.2f ms%n",
                size, p(load, 50), p(load, 95), p(fetch, 50), p(fetch, 95));
    }

    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>(
                "Opportunity", aggregate, sequence, "{\"note\":\"measurement payload of a typical size\"}");
    }
}
