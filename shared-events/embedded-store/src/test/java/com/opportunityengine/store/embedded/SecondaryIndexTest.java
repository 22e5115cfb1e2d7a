package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secondary indexes answer exactly as the scan does: the same documents, in the same order, the same counts, for random
 * filters, sorts (ascending, descending, none), skips and limits, after inserts, updates of indexed fields, replaces and
 * deletes, with nulls, missing fields and values of other types among the indexed ones; and they are used for the
 * reads they fit (the collection counts what an index answered).
 */
class SecondaryIndexTest {

    private static final String[] OWNERS = {"rep-1", "rep-2", "rep-3", "rep-10"};
    private static final String[] STATUSES = {"OPEN", "WON", "LOST"};
    private static final String[] STAGES = {"qualify", "needs-confirmed", "proposal"};

    @TempDir
    Path dir;

    private final Random random = new Random(21);

    @Test
    void answersAsTheScanDoesForRandomReadsAfterRandomWrites() {
        withServer((backend, client) -> {
            MongoCollection<Document> indexed = client.getDatabase("engine").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("engine").getCollection("plain");
            declareIndexes(indexed);
            for (int round = 0; round < 6; round++) {
                randomWrites(List.of(indexed, plain), 400);
                long before = indexedReads(backend, "indexed");
                compareRandomReads(indexed, plain, 150);
                assertThat(indexedReads(backend, "indexed") - before)
                        .as("reads the indexes answered")
                        .isGreaterThan(100);
            }
        });
    }

    @Test
    void countsAFilterAnIndexRangeIsExactlyFromTheIndexAndAnyOtherByScanning() {
        withServer((backend, client) -> {
            MongoCollection<Document> indexed = client.getDatabase("engine").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("engine").getCollection("plain");
            declareIndexes(indexed);
            randomWrites(List.of(indexed, plain), 800);
            Bson byOwner = Filters.eq("ownerId", "rep-3");
            Bson openBefore = Filters.and(
                    Filters.eq("status", "OPEN"),
                    Filters.eq("stage", "qualify"),
                    Filters.lt("createdAt", "2026-12-10T00:00:00Z"));
            Bson withResidual = Filters.and(byOwner, Filters.or(Filters.eq("title", "t1"), Filters.eq("title", "t2")));
            for (Bson filter : List.of(byOwner, openBefore)) {
                long before = indexedReads(backend, "indexed");
                assertThat(indexed.countDocuments(filter)).isEqualTo(plain.countDocuments(filter));
                assertThat(indexedReads(backend, "indexed") - before)
                        .as("counted from the index")
                        .isEqualTo(1);
            }
            long before = indexedReads(backend, "indexed");
            assertThat(indexed.countDocuments(withResidual)).isEqualTo(plain.countDocuments(withResidual));
            assertThat(indexed.countDocuments(
                            byOwner,
                            new com.mongodb.client.model.CountOptions().skip(3).limit(5)))
                    .isEqualTo(plain.countDocuments(
                            byOwner,
                            new com.mongodb.client.model.CountOptions().skip(3).limit(5)));
            assertThat(indexedReads(backend, "indexed") - before)
                    .as(
                            "the filter with a residual condition counted by the server (a scan), skip and limit by the index")
                    .isEqualTo(1);
        });
    }

    @Test
    void anIndexDeclaredOnAFilledCollectionIsBuiltAndKeptAcrossARestart() {
        withServer((backend, client) -> {
            MongoCollection<Document> indexed = client.getDatabase("engine").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("engine").getCollection("plain");
            randomWrites(List.of(indexed, plain), 1_000);
            declareIndexes(indexed);
            long before = indexedReads(backend, "indexed");
            compareRandomReads(indexed, plain, 100);
            assertThat(indexedReads(backend, "indexed")).isGreaterThan(before);
        });
        withServer((backend, client) -> {
            MongoCollection<Document> indexed = client.getDatabase("engine").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("engine").getCollection("plain");
            compareRandomReads(indexed, plain, 100);
            randomWrites(List.of(indexed, plain), 300);
            long before = indexedReads(backend, "indexed");
            compareRandomReads(indexed, plain, 100);
            assertThat(indexedReads(backend, "indexed")).isGreaterThan(before);
        });
    }

    @Test
    void aDroppedDatabaseLeavesNoIndexEntriesBehind() {
        withServer((backend, client) -> {
            MongoCollection<Document> indexed = client.getDatabase("engine").getCollection("indexed");
            declareIndexes(indexed);
            randomWrites(List.of(indexed), 500);
            client.getDatabase("engine").drop();
            MongoCollection<Document> plain = client.getDatabase("engine").getCollection("plain");
            declareIndexes(indexed);
            randomWrites(List.of(indexed, plain), 300);
            long before = indexedReads(backend, "indexed");
            compareRandomReads(indexed, plain, 100);
            assertThat(indexedReads(backend, "indexed")).isGreaterThan(before);
        });
    }

    @Test
    void anArrayInAnIndexedFieldTurnsTheIndexOffUntilItIsGone() {
        withServer((backend, client) -> {
            MongoCollection<Document> indexed = client.getDatabase("engine").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("engine").getCollection("plain");
            declareIndexes(indexed);
            randomWrites(List.of(indexed, plain), 500);
            for (MongoCollection<Document> collection : List.of(indexed, plain)) {
                collection.insertOne(new Document("_id", "multi").append("ownerId", List.of("rep-1", "rep-3")));
            }
            long before = indexedReads(backend, "indexed");
            Bson byOwner = Filters.eq("ownerId", "rep-3");
            assertThat(ids(indexed.find(byOwner).sort(Sorts.descending("createdAt", "_id"))))
                    .contains("multi")
                    .isEqualTo(ids(plain.find(byOwner).sort(Sorts.descending("createdAt", "_id"))));
            assertThat(indexed.countDocuments(byOwner)).isEqualTo(plain.countDocuments(byOwner));
            for (MongoCollection<Document> collection : List.of(indexed, plain)) {
                collection.deleteOne(Filters.eq("_id", "multi"));
            }
            compareRandomReads(indexed, plain, 50);
            assertThat(indexedReads(backend, "indexed")).isGreaterThan(before);
        });
    }

    private static void declareIndexes(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("ownerId", "createdAt"));
        collection.createIndex(Indexes.ascending("status", "stage", "createdAt"));
        collection.createIndex(Indexes.descending("createdAt"));
    }

    private static long indexedReads(KeyOrderedH2Backend backend, String collection) {
        return ((IndexedH2Collection) backend.resolveDatabase("engine").resolveCollection(collection, true))
                .indexedReads();
    }

    private void randomWrites(List<MongoCollection<Document>> collections, int writes) {
        for (int i = 0; i < writes; i++) {
            String id = "o-" + random.nextInt(600);
            int kind = random.nextInt(10);
            Document document = randomDocument(id);
            Bson update =
                    Updates.combine(Updates.set("status", pick(STATUSES)), Updates.set("createdAt", randomCreatedAt()));
            String owner = pick(OWNERS);
            for (MongoCollection<Document> collection : collections) {
                if (kind < 5) {
                    collection.replaceOne(
                            Filters.eq("_id", id),
                            document,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true));
                } else if (kind < 8) {
                    collection.updateOne(Filters.eq("_id", id), update);
                } else if (kind < 9) {
                    collection.deleteOne(Filters.eq("_id", id));
                } else {
                    collection.updateMany(Filters.eq("ownerId", owner), Updates.set("stage", "proposal"));
                }
            }
        }
    }

    private Document randomDocument(String id) {
        Document document = new Document("_id", id).append("title", "t" + random.nextInt(50));
        int owner = random.nextInt(12);
        if (owner < 9) {
            document.append("ownerId", OWNERS[owner % OWNERS.length]);
        } else if (owner == 9) {
            document.append("ownerId", null);
        } else if (owner == 10) {
            document.append("ownerId", 3);
        }
        if (random.nextInt(10) > 0) {
            document.append("status", pick(STATUSES));
        }
        document.append("stage", random.nextInt(15) == 0 ? null : pick(STAGES));
        Object createdAt = randomCreatedAt();
        if (createdAt != null || random.nextBoolean()) {
            document.append("createdAt", createdAt);
        }
        return document;
    }

    private Object randomCreatedAt() {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return (long) random.nextInt(100);
        }
        if (kind == 2) {
            return random.nextInt(100) + 0.5;
        }
        // few distinct values, so that ties are broken by _id
        return "2026-12-%02dT00:00:00Z".formatted(1 + random.nextInt(20));
    }

    private void compareRandomReads(MongoCollection<Document> indexed, MongoCollection<Document> plain, int reads) {
        for (int i = 0; i < reads; i++) {
            Bson filter = randomFilter();
            Bson sort = randomSort();
            int skip = random.nextInt(4) == 0 ? random.nextInt(30) : 0;
            int limit = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(25);
            String read = "filter " + filter + " sort " + sort + " skip " + skip + " limit " + limit;
            assertThat(documents(find(indexed, filter, sort, skip, limit)))
                    .as(read)
                    .isEqualTo(documents(find(plain, filter, sort, skip, limit)));
            assertThat(indexed.countDocuments(filter)).as(read).isEqualTo(plain.countDocuments(filter));
        }
    }

    private static FindIterable<Document> find(
            MongoCollection<Document> collection, Bson filter, Bson sort, int skip, int limit) {
        FindIterable<Document> found = collection.find(filter).skip(skip).limit(limit);
        return sort == null ? found : found.sort(sort);
    }

    private Bson randomFilter() {
        String bound = "2026-12-%02dT00:00:00Z".formatted(1 + random.nextInt(20));
        List<Bson> all = new ArrayList<>();
        switch (random.nextInt(9)) {
            case 0 -> all.add(Filters.eq("ownerId", pick(OWNERS)));
            case 1 -> {
                all.add(Filters.eq("ownerId", pick(OWNERS)));
                all.add(randomRange(bound));
            }
            case 2 -> {
                all.add(Filters.eq("status", pick(STATUSES)));
                all.add(Filters.eq("stage", pick(STAGES)));
            }
            case 3 -> {
                all.add(Filters.and(Filters.eq("status", pick(STATUSES)), Filters.eq("stage", pick(STAGES))));
                all.add(randomRange(bound));
            }
            case 4 -> all.add(Filters.eq("status", pick(STATUSES)));
            case 5 -> {
                all.add(Filters.eq("ownerId", pick(OWNERS)));
                all.add(Filters.or(Filters.eq("stage", pick(STAGES)), Filters.eq("title", "t1")));
            }
            case 6 -> {
                all.add(Filters.eq("status", pick(STATUSES)));
                all.add(Filters.nor(Filters.eq("stage", pick(STAGES))));
            }
            case 7 -> all.add(randomRange(bound));
            default -> {
                all.add(Filters.eq("ownerId", pick(OWNERS)));
                all.add(Filters.eq("ownerId", pick(OWNERS)));
            }
        }
        if (all.size() > 1 && random.nextBoolean()) {
            // as a hand-written filter: top-level fields, no $and
            Document flat = new Document();
            for (Bson each : all) {
                flat.putAll(each.toBsonDocument());
            }
            if (flat.size() == all.size()) {
                return flat;
            }
        }
        return Filters.and(all);
    }

    private Bson randomRange(String bound) {
        String other = "2026-12-%02dT00:00:00Z".formatted(1 + random.nextInt(20));
        return switch (random.nextInt(5)) {
            case 0 -> Filters.lt("createdAt", bound);
            case 1 -> Filters.lte("createdAt", bound);
            case 2 -> Filters.gt("createdAt", bound);
            case 3 -> Filters.gte("createdAt", bound);
            default -> Filters.and(Filters.gte("createdAt", bound), Filters.lt("createdAt", other));
        };
    }

    private Bson randomSort() {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> Sorts.ascending("createdAt", "_id");
            case 2, 3 -> Sorts.descending("createdAt", "_id");
            case 4 -> Sorts.ascending("stage", "createdAt", "_id");
            case 5 -> Sorts.descending("title", "_id");
            case 6 -> Sorts.ascending("createdAt");
            default -> Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("_id"));
        };
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static List<Document> documents(FindIterable<Document> found) {
        return found.into(new ArrayList<>());
    }

    private static List<Object> ids(FindIterable<Document> found) {
        List<Object> ids = new ArrayList<>();
        found.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    private void withServer(java.util.function.BiConsumer<KeyOrderedH2Backend, MongoClient> work) {
        MVStore store = new MVStore.Builder()
                .fileName(dir.resolve("store.mv.db").toString())
                .open();
        KeyOrderedH2Backend backend = KeyOrderedH2Backend.open(store);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client =
                MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            work.accept(backend, client);
        } finally {
            server.shutdownNow();
            store.close();
        }
    }
}
