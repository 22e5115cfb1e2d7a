package com.opportunityengine.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server, memory backend) and a real driver client on it, so
 * that a test talks to its read models the way the engine does, through the driver, without a MongoDB to install.
 * The memory backend, not the engine's H2 one: these tests check documents and queries, not durability, and it
 * starts in milliseconds.
 *
 * <p>Register it as a JUnit 5 extension; it stops the server after the test when held in an instance field, after
 * the class when held in a static one:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedMongo mongo = new EmbeddedMongo();
 * ...
 * MongoDatabase database = mongo.database("views");
 * }</pre>
 * Outside JUnit (a measurement's {@code main}) close it with try-with-resources.
 */
public final class EmbeddedMongo implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final MongoServer server;
    private final MongoClient client;
    /** Registered in a static field: one server for the whole class. */
    private boolean perClass;

    /** Starts the server at once, so that field initialisers may ask it for databases. */
    public EmbeddedMongo() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    /** A fresh, empty database (dropped first, should an earlier test of the class have used the name). */
    public MongoDatabase database(String name) {
        MongoDatabase database = client.getDatabase(name);
        database.drop();
        return database;
    }

    /** The client, for what a database alone does not reach (a second database of the same server, say). */
    public MongoClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
