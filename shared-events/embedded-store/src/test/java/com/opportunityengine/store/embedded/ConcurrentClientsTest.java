package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several processes share the embedded store (the {@code store} verb), each with its own client: a read-modify-write
 * of one document ({@code findAndModify}, what position counters and claim take-overs use) is atomic across them, as
 * it is on MongoDB.
 */
class ConcurrentClientsTest {

    private static final int CLIENTS = 4;
    private static final int INCREMENTS_PER_CLIENT = 500;

    private MongoServer server;
    private final List<MongoClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new MongoServer(KeyOrderedH2Backend.open(new MVStore.Builder().open()));
        String uri = server.bindAndGetConnectionString();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(MongoClients.create(uri));
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        server.shutdownNow();
    }

    @Test
    void incrementsFromSeveralClientsNeverAnswerTheSameValueTwice() throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * 2);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < CLIENTS * 2; t++) {
            MongoCollection<Document> counters =
                    clients.get(t % CLIENTS).getDatabase("db").getCollection("counters");
            work.add(pool.submit(() -> {
                for (int i = 0; i < INCREMENTS_PER_CLIENT; i++) {
                    Document after = counters.findOneAndUpdate(
                            Filters.eq("_id", "c"),
                            Updates.inc("value", 1L),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                    assertThat(seen.add(after.get("value", Number.class).longValue()))
                            .as("value handed out twice")
                            .isTrue();
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        pool.shutdown();
        assertThat(seen).hasSize(CLIENTS * 2 * INCREMENTS_PER_CLIENT);
    }
}
