package com.opportunityengine.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.axonframework.serialization.json.JacksonSerializer;

/** An embedded store on a temporary folder with a client; each test takes a fresh database. */
final class EmbeddedStore implements AutoCloseable {

    final Path dataDir;
    EmbeddedMongoServer server;
    MongoClient client;

    EmbeddedStore() {
        this(newTempDir());
    }

    EmbeddedStore(Path dataDir) {
        this.dataDir = dataDir;
        open();
    }

    private static Path newTempDir() {
        try {
            return Files.createTempDirectory("event-log-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open() {
        server = EmbeddedMongoServer.start(dataDir, 0, 32, 0);
        client = MongoClients.create(server.connectionString());
    }

    MongoDatabase freshDatabase() {
        return client.getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
    }

    MongoEventLogStorageEngine.Builder engineBuilder(MongoDatabase database) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return MongoEventLogStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer);
    }

    /** Closes client and server, then opens them again on the same file. */
    void restart() {
        close();
        open();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
