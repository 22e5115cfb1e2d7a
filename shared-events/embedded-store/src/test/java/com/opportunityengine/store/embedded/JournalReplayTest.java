package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal mode: what was acknowledged and not yet checkpointed is rebuilt from the journal at the next start, exactly
 * once (a counter incremented n times reads n, however often the store is reopened), and a half-written last record
 * is ignored. A "crash" here closes the MVStore without committing it, as a kill -9 would leave it.
 */
class JournalReplayTest {

    @TempDir
    Path dir;

    private final List<Running> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(Running::crash);
    }

    @Test
    void aCrashBeforeTheCheckpointLosesNothingAcknowledged() {
        Running first = open();
        MongoCollection<Document> events = first.events();
        events.insertOne(new Document("_id", 1L));
        first.backend.checkpoint();
        events.insertOne(new Document("_id", 2L));
        events.insertMany(List.of(new Document("_id", 3L), new Document("_id", 4L)));
        first.crash();

        assertThat(open().events().countDocuments()).isEqualTo(4);
    }

    @Test
    void replayAppliesEachRecordOnceHoweverOftenTheStoreIsReopened() {
        Running first = open();
        first.counters().insertOne(new Document("_id", "c").append("n", 0));
        for (int i = 0; i < 5; i++) {
            first.counters().updateOne(Filters.eq("_id", "c"), Updates.inc("n", 1));
        }
        first.backend.checkpoint();
        for (int i = 0; i < 7; i++) {
            first.counters().findOneAndUpdate(Filters.eq("_id", "c"), Updates.inc("n", 1));
        }
        first.crash();

        Running second = open(); // replays the 7, commits, crashes without another write
        assertThat(count(second)).isEqualTo(12);
        second.crash();
        Running third = open();
        assertThat(count(third)).isEqualTo(12);
        third.counters().updateOne(Filters.eq("_id", "c"), Updates.inc("n", 1));
        third.crash();
        assertThat(count(open())).isEqualTo(13);
    }

    @Test
    void aSecondaryIndexIsRebuiltByTheReplayAsTheDocumentsAre() {
        Running first = open();
        MongoCollection<Document> events = first.events();
        events.createIndex(Indexes.ascending("owner", "at"));
        for (int i = 0; i < 30; i++) {
            events.insertOne(
                    new Document("_id", (long) i).append("owner", "o" + (i % 3)).append("at", "t" + i));
        }
        first.backend.checkpoint();
        for (int i = 30; i < 60; i++) {
            events.insertOne(
                    new Document("_id", (long) i).append("owner", "o" + (i % 3)).append("at", "t" + i));
        }
        events.updateMany(Filters.eq("owner", "o1"), Updates.set("owner", "o2"));
        events.deleteMany(Filters.eq("at", "t7"));
        first.crash();

        Running second = open();
        IndexedH2Collection collection =
                (IndexedH2Collection) second.backend.resolveDatabase("journal").resolveCollection("events", true);
        long before = collection.indexedReads();
        List<Object> ids = new ArrayList<>();
        second.events()
                .find(Filters.eq("owner", "o2"))
                .sort(com.mongodb.client.model.Sorts.descending("at", "_id"))
                .limit(5)
                .forEach(document -> ids.add(document.get("_id")));
        assertThat(ids).containsExactly(8L, 59L, 58L, 56L, 55L);
        assertThat(second.events().countDocuments(Filters.eq("owner", "o2"))).isEqualTo(39);
        assertThat(second.events().countDocuments(Filters.eq("owner", "o1"))).isZero();
        assertThat(collection.indexedReads() - before).isEqualTo(3);
    }

    @Test
    void aFailedWriteReplaysAsItFailed() {
        Running first = open();
        first.events().createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
        first.events().insertOne(new Document("_id", 1L).append("key", "a"));
        try {
            first.events().insertOne(new Document("_id", 2L).append("key", "a"));
        } catch (RuntimeException duplicate) {
            // refused, as it is refused again on replay
        }
        first.events().insertOne(new Document("_id", 3L).append("key", "b"));
        first.crash();

        assertThat(open().events().countDocuments()).isEqualTo(2);
    }

    @Test
    void aTornLastRecordIsIgnored() throws IOException {
        Running first = open();
        first.events().insertOne(new Document("_id", 1L));
        first.events().insertOne(new Document("_id", 2L));
        first.crash();
        Path journal = WriteJournal.files(dir.resolve("journal")).get(0);
        // a third record cut short by the crash: its length says more bytes than the file holds
        byte[] torn = java.nio.ByteBuffer.allocate(26)
                .putInt(1000)
                .putInt(7)
                .putLong(3)
                .array();
        Files.write(journal, torn, StandardOpenOption.APPEND);

        Running second = open();
        assertThat(second.events().countDocuments()).isEqualTo(2);
        second.events().insertOne(new Document("_id", 3L));
        second.crash();
        assertThat(open().events().countDocuments()).isEqualTo(3);
    }

    @Test
    void aRecordWithABadChecksumEndsTheJournal() throws IOException {
        Running first = open();
        first.events().insertOne(new Document("_id", 1L));
        first.events().insertOne(new Document("_id", 2L));
        first.crash();
        Path journal = WriteJournal.files(dir.resolve("journal")).get(0);
        byte[] bytes = Files.readAllBytes(journal);
        bytes[bytes.length - 2] ^= 0x55; // inside the second record's payload
        Files.write(journal, bytes, StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(open().events().find().map(d -> d.get("_id")).into(new ArrayList<>()))
                .containsExactly(1L);
    }

    private static long count(Running running) {
        return running.counters().find(Filters.eq("_id", "c")).first().getInteger("n");
    }

    private Running open() {
        MVStore store = new MVStore.Builder()
                .fileName(dir.resolve("store.mv.db").toString())
                .autoCommitDisabled()
                .open();
        KeyOrderedH2Backend backend = KeyOrderedH2Backend.openJournaled(store, dir.resolve("journal"));
        MongoServer server = new MongoServer(backend);
        MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
        Running opened = new Running(store, backend, server, client);
        running.add(opened);
        return opened;
    }

    private record Running(MVStore store, KeyOrderedH2Backend backend, MongoServer server, MongoClient client) {

        MongoCollection<Document> events() {
            return client.getDatabase("journal").getCollection("events").withWriteConcern(WriteConcern.JOURNALED);
        }

        MongoCollection<Document> counters() {
            return client.getDatabase("journal").getCollection("counters").withWriteConcern(WriteConcern.JOURNALED);
        }

        void crash() {
            if (store.isClosed()) {
                return;
            }
            // as a kill -9 leaves it: the MVStore not committed, the journal as forced
            store.closeImmediately();
            backend.journal().close();
            client.close();
            server.shutdownNow();
        }
    }
}
