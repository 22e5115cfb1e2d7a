package com.opportunityengine.store.embedded;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no assertion; run by name: {@code -Dtest=FootprintProbe -Dprobe.events=50000}): fills a journaled
 * embedded store through the driver with engine-like writes (an event log appended durably in batches, a read model
 * upserted about 20 times per event, a view per opportunity, a tracking token) and prints bytes per event, the
 * MVStore's fill rates and the bytes per map, then the time to open it again.
 */
class FootprintProbe {

    @Test
    void probe() throws Exception {
        int events = Integer.getInteger("probe.events", 50_000);
        Path dir = Files.createTempDirectory("footprint-probe-");
        String payload = "x".repeat(400);
        long fillStarted = System.nanoTime();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 0, 128, 0);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase db = client.getDatabase("engine");
            MongoCollection<Document> log = db.getCollection("events").withWriteConcern(WriteConcern.JOURNALED);
            log.createIndex(Indexes.ascending("aggregateId", "sequence"), new IndexOptions().unique(true));
            MongoCollection<Document> deltas = db.getCollection("qv_funnel_deltas");
            MongoCollection<Document> views = db.getCollection("qv_opportunities");
            MongoCollection<Document> tokens = db.getCollection("tokens");
            MongoCollection<Document> lists = db.getCollection("qv_funnel_hour_lists");
            int batch = 100;
            for (int start = 0; start < events; start += batch) {
                List<Document> docs = new ArrayList<>();
                for (int i = start; i < start + batch && i < events; i++) {
                    docs.add(new Document("_id", (long) i)
                            .append("aggregateId", "opp-" + (i / 5))
                            .append("sequence", (long) (i % 5))
                            .append("type", "OpportunityStageChanged")
                            .append("payload", payload)
                            .append("hash", "h".repeat(64)));
                }
                log.insertMany(docs);
                List<WriteModel<Document>> ups = new ArrayList<>();
                for (int i = start; i < start + batch && i < events; i++) {
                    for (int k = 0; k < 20; k++) {
                        ups.add(new UpdateOneModel<>(
                                Filters.eq("_id", "d-" + (i / 2000) + "-" + (k * 7 + i % 7)),
                                Updates.combine(Updates.inc("n", 1), Updates.inc("amount", i)),
                                new UpdateOptions().upsert(true)));
                    }
                    views.replaceOne(
                            Filters.eq("_id", "opp-" + (i / 5)),
                            new Document("_id", "opp-" + (i / 5))
                                    .append("stage", i % 5)
                                    .append("title", payload),
                            new com.mongodb.client.model.ReplaceOptions().upsert(true));
                }
                deltas.bulkWrite(ups);
                List<WriteModel<Document>> pushes = new ArrayList<>();
                for (int i = start; i < start + batch && i < events; i++) {
                    pushes.add(new UpdateOneModel<>(
                            Filters.eq("_id", "p/week/L" + (i / 2000)),
                            Updates.push(
                                    "e",
                                    new Document("at", (long) i)
                                            .append("ns", 17L)
                                            .append("cell", "p/week/" + (i % 13) + "/owner-" + (i % 9))
                                            .append("d", 1)),
                            new UpdateOptions().upsert(true)));
                }
                lists.bulkWrite(pushes);
                tokens.replaceOne(
                        Filters.eq("_id", "funnel"),
                        new Document("_id", "funnel").append("position", (long) start),
                        new com.mongodb.client.model.ReplaceOptions().upsert(true));
                if ((start / batch) % 100 == 0) {
                    report(dir, start + batch, server, false);
                }
            }
            System.out.printf("PROBE fill %d events in %d ms%n", events, (System.nanoTime() - fillStarted) / 1_000_000);
            report(dir, events, server, true);
            for (int i = 0; i < 15; i++) {
                Thread.sleep(1000);
                report(dir, events, server, false);
            }
        }
        System.out.printf("PROBE after close: %,d bytes%n", bytes(dir));
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 0, 128, 0);
                    MongoClient client = MongoClients.create(server.connectionString())) {
                long count =
                        client.getDatabase("engine").getCollection("events").estimatedDocumentCount();
                System.out.printf(
                        "PROBE reopen %d: %d ms (%d events)%n",
                        round, (System.nanoTime() - started) / 1_000_000, count);
            }
        }
        Path empty = Files.createTempDirectory("footprint-probe-empty-");
        long started = System.nanoTime();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(empty, 0, 128, 0);
                MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("engine").getCollection("events").estimatedDocumentCount();
            System.out.printf("PROBE fresh: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static void report(Path dir, long events, EmbeddedMongoServer server, boolean maps) throws Exception {
        MVStore store = storeOf(server);
        long total = bytes(dir);
        long journal = bytes(dir.resolve(EmbeddedMongoServer.JOURNAL_DIR));
        System.out.printf(
                "PROBE %,d events: %,d bytes (%,.0f/event), journal %,d; file fill %d%%, chunks fill %d%%, file %,d%n",
                events,
                total,
                (double) total / events,
                journal,
                store.getFileStore().getFillRate(),
                store.getFileStore().getChunksFillRate(),
                store.getFileStore().size());
        if (maps) {
            Map<String, Long> sizes = new TreeMap<>();
            for (String name : store.getMapNames()) {
                MVMap<?, ?> map = store.openMap(name);
                sizes.put(name, map.getRootPage().getDiskSpaceUsed(true));
            }
            sizes.forEach((name, size) -> System.out.printf("PROBE   map %-60s %,d bytes%n", name, size));
        }
    }

    static MVStore storeOf(EmbeddedMongoServer server) throws Exception {
        java.lang.reflect.Field field = EmbeddedMongoServer.class.getDeclaredField("store");
        field.setAccessible(true);
        return (MVStore) field.get(server);
    }

    private static long bytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(path -> path.toFile().length())
                    .sum();
        }
    }
}
