package com.opportunityengine.engine.bench;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.engine.OpportunityEngineApplication;
import com.opportunityengine.store.ReadModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone engine started in this JVM for a run: on a random HTTP port, on the embedded
 * store in a fresh temporary data folder (removed on close), or on the MongoDB that
 * {@code MONGODB_URI} names, in a fresh database (dropped on close).
 */
final class EngineUnderTest implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private volatile String authorization;
    private final String store;
    private final boolean embedded;
    private final boolean dropOnClose;

    private EngineUnderTest(
            ConfigurableApplicationContext context, Path dataDir, String store, boolean embedded, boolean dropOnClose) {
        this.context = context;
        this.dataDir = dataDir;
        this.store = store;
        this.embedded = embedded;
        this.dropOnClose = dropOnClose;
    }

    /** {@code extraArguments}: more command-line arguments ({@code --name=value}) for the engine, if any. */
    static EngineUnderTest start(String... extraArguments) {
        String uri = System.getenv("MONGODB_URI");
        boolean embedded = uri == null || uri.isBlank();
        Path dataDir = tempDir();
        Map<String, Object> properties = properties(dataDir);
        if (!embedded) {
            properties.put("engine.mongo.database", "opportunity_engine_bench_" + System.currentTimeMillis());
        }
        return start(properties, dataDir, embedded ? "embedded" : redact(uri), embedded, !embedded, extraArguments);
    }

    /**
     * A command node in this JVM on {@code database} of the MongoDB at {@code mongoUri} (e.g. a store process of the
     * cluster figures), which it keeps on close: the cluster figures fill a log through it.
     */
    static EngineUnderTest commandNode(String mongoUri, String database, String nodeId) {
        Path dataDir = tempDir();
        Map<String, Object> properties = properties(dataDir);
        properties.put("engine.mongo.uri", EngineProcesses.withDatabase(mongoUri, database));
        properties.put("engine.mongo.database", database);
        properties.put("engine.role", "command");
        properties.put("engine.node-id", nodeId);
        return start(properties, dataDir, redact(mongoUri), false, false);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("opportunity-engine-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> properties(Path dataDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("engine.data-dir", dataDir.toString());
        properties.put("engine.embedded-mongo.port", "0");
        properties.put("engine.embedded-mongo.compact-on-close-millis", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.com.opportunityengine", "WARN");
        return properties;
    }

    private static EngineUnderTest start(
            Map<String, Object> properties,
            Path dataDir,
            String store,
            boolean embedded,
            boolean dropOnClose,
            String... extraArguments) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication application = new SpringApplication(OpportunityEngineApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        // as command-line arguments: they must win over the engine's application.yml
        String[] arguments = Stream.concat(
                        properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
                        Arrays.stream(extraArguments))
                .toArray(String[]::new);
        ConfigurableApplicationContext context = application.run(arguments);
        // an interrupted run (Ctrl-C) must not leave gigabytes of store behind either
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            context.close();
                            deleteQuietly(dataDir);
                        },
                        "bench-cleanup"));
        return new EngineUnderTest(context, dataDir, store, embedded, dropOnClose);
    }

    /** The URI without user and password. */
    static String redact(String uri) {
        return uri.replaceAll("//[^/@]*@", "//***@");
    }

    String store() {
        return store;
    }

    boolean embedded() {
        return embedded;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Stops the engine (its store closed cleanly) but keeps the data folder until {@link #close()}. */
    void closeContext() {
        context.close();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    CommandGateway gateway() {
        return bean(CommandGateway.class);
    }

    EventStore eventStore() {
        return bean(EventStore.class);
    }

    EventStorageEngine storageEngine() {
        return bean(EventStorageEngine.class);
    }

    /** The serializer the engine writes event payloads with (the peer figures write theirs with it too). */
    org.axonframework.serialization.Serializer eventSerializer() {
        return context.getBean("eventSerializer", org.axonframework.serialization.Serializer.class);
    }

    MongoDatabase database() {
        return bean(MongoDatabase.class);
    }

    /** The database the read models are written to, with their write concern ({@code w: 1} on the embedded store). */
    MongoDatabase readModelDatabase() {
        for (String name : context.getBeanNamesForType(MongoDatabase.class)) {
            if (context.findAnnotationOnBean(name, ReadModels.class) != null) {
                return context.getBean(name, MongoDatabase.class);
            }
        }
        throw new IllegalStateException("the engine has no @ReadModels database");
    }

    /** A property of the engine under test, or {@code fallback}. */
    <T> T property(String name, Class<T> type, T fallback) {
        return context.getEnvironment().getProperty(name, type, fallback);
    }

    EventProcessingConfiguration eventProcessing() {
        return bean(EventProcessingConfiguration.class);
    }

    /**
     * The header value that authenticates the benchmark's HTTP clients: the key the engine made for its
     * {@code admin} user on the first start of this fresh store.
     */
    String authorization() {
        if (authorization != null) {
            return authorization;
        }
        try {
            authorization =
                    "Bearer " + Files.readString(dataDir.resolve("admin.key")).trim();
            return authorization;
        } catch (IOException e) {
            throw new UncheckedIOException("the engine wrote no admin.key in " + dataDir, e);
        }
    }

    URI uri(String path) {
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        try {
            if (dropOnClose && context.isActive()) {
                database().drop();
            }
        } finally {
            context.close();
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
