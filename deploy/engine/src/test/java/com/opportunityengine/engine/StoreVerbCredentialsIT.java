package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code store} verb's port takes the credentials the store made in its data folder (issue 19, row 11): its output
 * names {@code store.key} and never prints the password; a client without them is refused; the URI it prints, with
 * the file's content, works, and a restart keeps the same password.
 */
class StoreVerbCredentialsIT {

    @TempDir
    Path root;

    @Test
    void theStoreVerbsPortTakesThePasswordOfItsKeyFile() throws Exception {
        Path data = root.resolve("store");
        String password;
        int port;
        try (EngineProcess store = EngineProcess.store(data, 0)) {
            port = store.mongoPort();
            password = Files.readString(data.resolve("store.key")).trim();
            String output = awaitUriLine(store);
            assertThat(output).doesNotContain(password);
            String line = output.lines()
                    .filter(l -> l.startsWith("Start engine nodes with MONGODB_URI="))
                    .findFirst()
                    .orElseThrow();
            assertThat(line).contains("$(cat " + data.toAbsolutePath().resolve("store.key") + ")");
            String printed = line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1))
                    .replace("$(cat " + data.toAbsolutePath().resolve("store.key") + ")", password);

            try (MongoClient anonymous = client("mongodb://127.0.0.1:" + port)) {
                MongoCommandException refused = null;
                try {
                    anonymous
                            .getDatabase("opportunity_engine")
                            .getCollection("users")
                            .insertOne(new Document("_id", "x"));
                } catch (MongoCommandException e) {
                    refused = e;
                }
                assertThat(refused).isNotNull();
                assertThat(refused.getErrorCode()).isEqualTo(13);
            }
            try (MongoClient client = client(printed)) {
                client.getDatabase("opportunity_engine").getCollection("notes").insertOne(new Document("n", 1));
            }
            store.stopGracefully();
        }
        try (EngineProcess again = EngineProcess.store(data, port);
                MongoClient client = client(again.mongoUri("opportunity_engine"))) {
            assertThat(Files.readString(data.resolve("store.key")).trim()).isEqualTo(password);
            assertThat(client.getDatabase("opportunity_engine")
                            .getCollection("notes")
                            .countDocuments())
                    .isEqualTo(1);
        }
    }

    private static String awaitUriLine(EngineProcess store) throws Exception {
        for (int i = 0; i < 100; i++) {
            String log = store.log();
            if (log.contains("Start engine nodes with")) {
                return log;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the store printed no URI:\n" + store.log());
    }

    private static MongoClient client(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build());
    }
}
