package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal mode compacts the store file while it runs: a document rewritten again and again among documents written
 * once (a read model's list beside the event log) leaves chunks mostly dead, and the checkpoints rewrite their live
 * pages, and the file shrinks, without losing or changing a
 * write. A clean close leaves no journal record to read at the next start.
 */
class StoreCompactionTest {

    @TempDir
    Path dir;

    @Test
    void checkpointsRewriteMostlyDeadChunksWhileTheStoreRuns() {
        MVStore store = store();
        // no retention: a dead chunk is freed at the next commit, so that the test needs no clock
        store.setRetentionTime(0);
        KeyOrderedH2Backend backend = KeyOrderedH2Backend.openJournaled(store, dir.resolve("journal"));
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> events =
                    client.getDatabase("c").getCollection("events").withWriteConcern(WriteConcern.JOURNALED);
            MongoCollection<Document> lists = client.getDatabase("c").getCollection("lists");
            for (int i = 0; i < 1500; i++) {
                events.insertOne(new Document("_id", (long) i).append("payload", "e".repeat(300)));
                lists.updateOne(
                        Filters.eq("_id", "hour"),
                        Updates.push("e", new Document("at", (long) i).append("cell", "c".repeat(40))),
                        new UpdateOptions().upsert(true));
                if (i % 10 == 9) {
                    backend.checkpoint();
                }
            }
            for (int i = 0; i < 100 && StoreCompaction.neededWhenIdle(store); i++) {
                backend.checkpoint();
            }

            // about 0.6 MB live; without compaction the file was 10.8 MB with its chunks 5% live, with it 1.5 MB, 41%
            assertThat(store.getFileStore().getChunksFillRate()).isGreaterThanOrEqualTo(25);
            assertThat(store.getFileStore().size()).isLessThan(3L << 20);
            assertThat(events.countDocuments()).isEqualTo(1500);
            assertThat(lists.find().first().getList("e", Document.class)).hasSize(1500);
        } finally {
            server.shutdownNow();
            backend.close();
        }
        MVStore reopened = store();
        KeyOrderedH2Backend again = KeyOrderedH2Backend.openJournaled(reopened, dir.resolve("journal"));
        MongoServer second = new MongoServer(again);
        try (MongoClient client = MongoClients.create(second.bindAndGetConnectionString())) {
            assertThat(client.getDatabase("c").getCollection("events").countDocuments())
                    .isEqualTo(1500);
        } finally {
            second.shutdownNow();
            again.close();
        }
    }

    @Test
    void aCleanCloseLeavesNoJournalRecordToRead() throws IOException {
        MVStore store = store();
        KeyOrderedH2Backend backend = KeyOrderedH2Backend.openJournaled(store, dir.resolve("journal"));
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> events =
                    client.getDatabase("c").getCollection("events").withWriteConcern(WriteConcern.JOURNALED);
            for (int i = 0; i < 50; i++) {
                events.insertOne(new Document("_id", (long) i));
            }
        } finally {
            server.shutdownNow();
            backend.closeJournal();
        }
        long journalBytes = 0;
        for (Path file : WriteJournal.files(dir.resolve("journal"))) {
            journalBytes += Files.size(file);
        }
        store.close();

        assertThat(journalBytes).isZero();
        MVStore reopened = store();
        KeyOrderedH2Backend again = KeyOrderedH2Backend.openJournaled(reopened, dir.resolve("journal"));
        MongoServer second = new MongoServer(again);
        try (MongoClient client = MongoClients.create(second.bindAndGetConnectionString())) {
            assertThat(client.getDatabase("c").getCollection("events").countDocuments())
                    .isEqualTo(50);
        } finally {
            second.shutdownNow();
            again.close();
        }
    }

    private MVStore store() {
        return new MVStore.Builder()
                .fileName(dir.resolve("store.mv.db").toString())
                .autoCommitDisabled()
                .open();
    }
}
