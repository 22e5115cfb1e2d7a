package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that fails for good in its process (issue 19, row 2: its journal cannot be written, or its MVStore closed
 * itself) says so once with the reason, stops serving, never lets what its memory holds beyond the journal reach the
 * file, and a new start on the same folder holds exactly the acknowledged writes.
 */
class StoreFailureTest {

    @TempDir
    Path data;

    @Test
    void aJournalThatCannotBeWrittenStopsTheStoreAndARestartHoldsExactlyTheAcknowledgedWrites() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(data, 0, 16, 0);
        CompletableFuture<String> failed = new CompletableFuture<>();
        server.onFailure(failed::complete);
        List<Object> acknowledged = new ArrayList<>();
        try (MongoClient client = client(server)) {
            MongoCollection<Document> events = events(client);
            for (long id = 1; id <= 20; id++) {
                events.insertOne(new Document("_id", id));
                acknowledged.add(id);
            }
            assertThat(server.failure()).isEmpty();

            server.journalForTest().closeFileForTest();

            assertThatThrownBy(() -> events.insertOne(new Document("_id", 21L)))
                    .as("the write whose journal record cannot be forced is refused");
            assertThat(failed.get(10, TimeUnit.SECONDS)).contains("journal");
            assertThat(server.failure()).isPresent();
            assertThatThrownBy(() -> events.find().first())
                    .as("the store stopped serving: its memory holds the refused write");
        } finally {
            server.close();
        }

        EmbeddedMongoServer again = EmbeddedMongoServer.start(data, 0, 16, 0);
        try (MongoClient client = client(again)) {
            List<Object> ids = new ArrayList<>();
            events(client).find().forEach(document -> ids.add(document.get("_id")));
            assertThat(ids).containsExactlyElementsOf(acknowledged);
            assertThat(again.failure()).isEmpty();
        } finally {
            again.close();
        }
    }

    @Test
    void anMvStoreThatClosedItselfIsAFailure() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(data, 0, 16, 0);
        try {
            CompletableFuture<String> failed = new CompletableFuture<>();
            server.onFailure(failed::complete);

            server.mvStoreForTest().closeImmediately();

            assertThat(failed.get(10, TimeUnit.SECONDS)).contains("closed itself");
        } finally {
            server.close();
        }
    }

    @Test
    void aStoreClosedOnPurposeIsNoFailureAndTellsNoOne() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(data, 0, 16, 0);
        CompletableFuture<String> failed = new CompletableFuture<>();
        server.onFailure(failed::complete);
        server.close();

        TimeUnit.MILLISECONDS.sleep(StoreFailureWatch.PERIOD_MILLIS * 3);
        assertThat(server.failure()).isEmpty();
        assertThat(failed).isNotDone();
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase("opportunity_engine")
                .getCollection("events")
                .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
    }

    private static MongoClient client(EmbeddedMongoServer server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.readTimeout(5, TimeUnit.SECONDS))
                .build());
    }
}
