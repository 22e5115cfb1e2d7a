package com.opportunityengine.engine.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded store's footprint after the run's fills: bytes on disk (the MVStore file and the write-ahead journal)
 * per event in the log, measured while the engine still runs, then the engine closed and the store started again on
 * that data (journal replay included, until it answers a count of the events) against a start on an empty folder.
 */
final class StoreFootprint {

    private StoreFootprint() {}

    /** Closes {@code engine}'s application context (its data folder stays until {@link EngineUnderTest#close()}). */
    static List<BenchResult> measure(EngineUnderTest engine, long events) {
        if (!engine.embedded()) {
            String why = "the engine runs on an external MongoDB";
            return List.of(
                    BenchResult.missing("store.bytes-per-event", "bytes/event", Targets.STORE_BYTES_PER_EVENT, why),
                    BenchResult.missing("store.start-up.filled", "ms", Targets.STORE_START_UP, why));
        }
        String database = engine.database().getName();
        long bytes = bytes(engine.dataDir());
        engine.closeContext();
        long filled = startUpMillis(engine.dataDir(), database);
        Path empty = tempDir();
        long fresh;
        try {
            fresh = startUpMillis(empty, database);
        } finally {
            delete(empty);
        }
        long filledAgain = startUpMillis(engine.dataDir(), database);
        double perEvent = events == 0 ? Double.NaN : (double) bytes / events;
        return List.of(
                BenchResult.against(
                        "store.bytes-per-event",
                        perEvent,
                        "bytes/event",
                        Targets.STORE_BYTES_PER_EVENT_BUDGET,
                        Targets.STORE_BYTES_PER_EVENT,
                        bytes + " bytes (store file and journal, raw ceiling documents included) over " + events
                                + " events, after the fills, the engine running; ratio to the "
                                + Targets.STORE_BYTES_PER_EVENT_BUDGET + "-byte budget"),
                BenchResult.against(
                        "store.start-up.filled",
                        Math.min(filled, filledAgain),
                        "ms",
                        Math.max(1, fresh),
                        Targets.STORE_START_UP,
                        "the embedded store opened on the filled data (first start " + filled + " ms, journal replay"
                                + " included; second " + filledAgain + " ms) until it counts the events; ratio to"
                                + " a start on an empty folder, " + fresh + " ms"));
    }

    private static long startUpMillis(Path dataDir, String database) {
        long started = System.nanoTime();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 0, 128, 0);
                MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase(database)
                    .getCollection(MongoEventLogStorageEngine.EVENTS)
                    .estimatedDocumentCount();
            return (System.nanoTime() - started) / 1_000_000;
        }
    }

    private static long bytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(path -> path.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("opportunity-engine-bench-fresh-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
