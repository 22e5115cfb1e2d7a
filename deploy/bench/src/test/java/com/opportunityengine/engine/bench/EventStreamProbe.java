package com.opportunityengine.engine.bench;

import com.mongodb.client.MongoCollection;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.bson.Document;

/**
 * Not a test: the event-stream replay against the raw key read, round after round, to see how the ratio
 * the benchmark reports ({@code replay.event-stream}) settles. Fills a log with the projections stopped,
 * then for each round reads a random slice by raw {@code _id $in} batches, through the storage engine's
 * tracking reader, and raw again.
 * <pre>
 * java -cp ... com.opportunityengine.engine.bench.EventStreamProbe 100000 12
 * </pre>
 * Arguments: events in the log (default 100,000), rounds (default 12). Slices of 20,000 events.
 */
public final class EventStreamProbe {

    private static final int SLICE = 20_000;

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        try (EngineUnderTest engine = EngineUnderTest.start()) {
            Projections projections = new Projections(engine.eventProcessing(), engine.storageEngine());
            projections.stopAllBut(Set.of());
            new LogFiller(engine.storageEngine()).fill((int) Math.max(1, events / 2), events);
            long head = projections.head();
            MongoCollection<Document> log = engine.database().getCollection(MongoEventLogStorageEngine.EVENTS);
            Random random = new Random(1);
            for (int r = 0; r < rounds; r++) {
                long after = random.nextLong(Math.max(1, head - SLICE));
                double raw = RawStore.keyReads(log, after + 1, SLICE);
                double stream = LogReader.read(engine.storageEngine(), after, SLICE, payload -> {});
                double rawAgain = RawStore.keyReads(log, after + 1, SLICE);
                System.out.printf(
                        Locale.ROOT,
                        "round %2d: raw %6.0f, stream %6.0f, raw again %6.0f events/s;"
                                + " ratio %.2f (to the raw read before) / %.2f (after)%n",
                        r,
                        raw,
                        stream,
                        rawAgain,
                        stream / raw,
                        stream / rawAgain);
            }
        }
        System.exit(0);
    }

    private EventStreamProbe() {}
}
