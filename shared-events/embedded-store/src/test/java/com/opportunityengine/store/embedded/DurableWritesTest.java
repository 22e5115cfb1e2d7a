package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store, not its callers, makes a write durable: a write whose write concern asks for the journal (or a majority)
 * is committed and synced before it is answered; a {@code w: 1} write is not (read models and tokens).
 * The MVStore's own background commit is off here, so whatever is on disk was put there by the backend.
 */
class DurableWritesTest {

    @TempDir
    Path dir;

    private MVStore store;
    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        store = new MVStore.Builder()
                .fileName(dir.resolve("durable.mv.db").toString())
                .autoCommitDisabled()
                .open();
        server = new MongoServer(KeyOrderedH2Backend.open(store));
        client = MongoClients.create(server.bindAndGetConnectionString());
        store.commit();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
        store.closeImmediately();
    }

    @Test
    void aJournaledInsertUpdateOrDeleteIsOnDiskWhenAcknowledged() {
        MongoCollection<Document> events = collection(WriteConcern.JOURNALED);
        events.insertOne(new Document("_id", 1L));
        assertThat(store.hasUnsavedChanges()).as("after insert").isFalse();
        events.updateOne(Filters.eq("_id", 1L), Updates.set("seen", true));
        assertThat(store.hasUnsavedChanges()).as("after update").isFalse();
        events.findOneAndUpdate(Filters.eq("_id", 1L), Updates.set("seen", false));
        assertThat(store.hasUnsavedChanges()).as("after findAndModify").isFalse();
        events.deleteOne(Filters.eq("_id", 1L));
        assertThat(store.hasUnsavedChanges()).as("after delete").isFalse();
    }

    @Test
    void aMajorityWriteIsOnDiskWhenAcknowledged() {
        collection(WriteConcern.MAJORITY).insertOne(new Document("_id", 2L));
        assertThat(store.hasUnsavedChanges()).isFalse();
    }

    @Test
    void aW1WriteDoesNotWaitForTheDiskAndTheNextDurableWriteTakesItAlong() {
        collection(WriteConcern.W1).insertOne(new Document("_id", 3L));
        assertThat(store.hasUnsavedChanges()).isTrue();

        collection(WriteConcern.JOURNALED).insertOne(new Document("_id", 4L));
        assertThat(store.hasUnsavedChanges()).isFalse();
    }

    @Test
    void readsNeverCommit() {
        collection(WriteConcern.W1).insertOne(new Document("_id", 5L));
        collection(WriteConcern.JOURNALED).find(Filters.eq("_id", 5L)).first();
        assertThat(store.hasUnsavedChanges()).isTrue();
    }

    private MongoCollection<Document> collection(WriteConcern concern) {
        return client.getDatabase("durable").getCollection("events").withWriteConcern(concern);
    }
}
