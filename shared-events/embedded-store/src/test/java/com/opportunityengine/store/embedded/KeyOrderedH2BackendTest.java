package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyOrderedH2BackendTest {

    private static final int DOCUMENTS = 2_000;

    @TempDir
    Path dir;

    @Test
    void keepsUniqueKeysAndFindsEveryDocumentByKey() {
        withStore(KeyOrderedH2Backend::open, events -> {
            write(events, 0);
            assertEveryDocumentFound(events);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 5_000L).append("streamKey", "agg-7#7")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 7L).append("streamKey", "new#1")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
        });
    }

    @Test
    void reSortsAFileWrittenByThePlainBackendAndThenFindsItsKeys() {
        withStore(H2Backend::new, events -> write(events, 0));
        withStore(KeyOrderedH2Backend::open, events -> {
            assertEveryDocumentFound(events);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 9_999L).append("streamKey", "agg-1500#1500")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            write(events, DOCUMENTS);
            assertEveryDocumentFound(events);
        });
        withStore(
                store -> {
                    assertThat(store.openMap(KeyOrderMigration.FORMAT_MAP).get(KeyOrderMigration.INDEX_KEY_ORDER))
                            .isEqualTo(KeyOrderMigration.BY_VALUE);
                    return KeyOrderedH2Backend.open(store);
                },
                events -> assertThat(events.countDocuments()).isEqualTo(2L * DOCUMENTS));
    }

    /** Without the migration the plain file's index maps, searched in the new order, would miss keys. */
    @Test
    void withoutTheMigrationAnOldFileWouldMissKeys() {
        withStore(H2Backend::new, events -> write(events, 0));
        withStore(
                store -> {
                    store.openMap(KeyOrderMigration.FORMAT_MAP)
                            .put(KeyOrderMigration.INDEX_KEY_ORDER, KeyOrderMigration.BY_VALUE);
                    return KeyOrderedH2Backend.open(store);
                },
                events -> {
                    long found = LongStream.range(0, DOCUMENTS)
                            .filter(i ->
                                    events.find(Filters.eq("streamKey", key(i))).first() != null)
                            .count();
                    assertThat(found).isLessThan(DOCUMENTS);
                });
    }

    private static void write(MongoCollection<Document> events, long from) {
        List<Document> batch = new ArrayList<>();
        for (long i = from; i < from + DOCUMENTS; i++) {
            batch.add(new Document("_id", i).append("streamKey", key(i)).append("payload", "event " + i));
        }
        events.insertMany(batch);
    }

    private static void assertEveryDocumentFound(MongoCollection<Document> events) {
        long count = events.countDocuments();
        for (long i = 0; i < count; i++) {
            assertThat(events.find(Filters.eq("streamKey", key(i))).first())
                    .as("streamKey " + key(i))
                    .isNotNull()
                    .extracting(d -> d.get("_id"))
                    .isEqualTo(i);
            assertThat(events.find(Filters.eq("_id", i)).first()).as("_id " + i).isNotNull();
        }
        List<Long> ids =
                LongStream.range(0, 100).map(i -> i * 7 % count).boxed().toList();
        assertThat(events.find(Filters.in("_id", ids))).hasSize(100);
    }

    private static String key(long i) {
        return "agg-" + i + "#" + i;
    }

    private void withStore(
            Function<MVStore, H2Backend> backend, java.util.function.Consumer<MongoCollection<Document>> work) {
        MVStore store = new MVStore.Builder()
                .fileName(dir.resolve("store.mv.db").toString())
                .open();
        MongoServer server = new MongoServer(backend.apply(store));
        try (MongoClient client =
                MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> events = client.getDatabase("engine").getCollection("events");
            events.createIndex(Indexes.ascending("streamKey"), new IndexOptions().unique(true));
            work.accept(events);
        } finally {
            server.shutdownNow();
            store.close();
        }
    }
}
