package com.opportunityengine.engine;

import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone engine as a separate operating-system process, started from the fat jar that
 * {@code mvn package} built, so that tests can kill it the hard way.
 */
final class EngineProcess implements AutoCloseable {

    /** The executable jar the build writes for the whole deployment (deploy/target, beside this module). */
    private static final Path JAR = Path.of("..", "target", "opportunity-engine.jar");

    private final Process process;
    private final int httpPort;
    private final int mongoPort;
    private final Path log;
    private final Path dataDir;

    private EngineProcess(Process process, int httpPort, int mongoPort, Path log, Path dataDir) {
        this.dataDir = dataDir;
        this.process = process;
        this.httpPort = httpPort;
        this.mongoPort = mongoPort;
        this.log = log;
    }

    /** The standalone engine (role {@code all}) on its own embedded store in {@code dataDir}. */
    static EngineProcess start(Path dataDir, String... extra) throws IOException, InterruptedException {
        int httpPort = freePort();
        int mongoPort = freePort();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + httpPort,
                "--engine.data-dir=" + dataDir.toAbsolutePath(),
                "--engine.embedded-mongo.port=" + mongoPort,
                // as in src/test/resources/config/application.properties: these tests name owners freely
                "--engine.users.require-known-owners=false"));
        arguments.addAll(List.of(extra));
        EngineProcess engine = launch(dataDir, httpPort, mongoPort, arguments);
        engine.awaitHealthy(Duration.ofSeconds(90));
        return engine;
    }

    /** {@code java -jar opportunity-engine.jar store}: the embedded store alone, on {@code port} (0: a free one). */
    static EngineProcess store(Path dataDir, int port) throws IOException, InterruptedException {
        int mongoPort = port == 0 ? freePort() : port;
        EngineProcess store = launch(
                dataDir,
                -1,
                mongoPort,
                List.of("store", "--port=" + mongoPort, "--data-dir=" + dataDir.toAbsolutePath()));
        store.awaitLogLine("is listening on", Duration.ofSeconds(60));
        return store;
    }

    /**
     * An engine node of a cluster: {@code role} (all, command, query) on the MongoDB at {@code mongoUri}, named
     * {@code nodeId}, with its own data folder (the first node to start on an empty store writes the admin key there).
     */
    static EngineProcess node(Path dataDir, String mongoUri, String role, String nodeId, String... extra)
            throws IOException, InterruptedException {
        int httpPort = freePort();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + httpPort,
                "--engine.data-dir=" + dataDir.toAbsolutePath(),
                "--engine.mongo.uri=" + mongoUri,
                "--engine.role=" + role,
                "--engine.node-id=" + nodeId,
                "--engine.users.require-known-owners=false"));
        arguments.addAll(List.of(extra));
        EngineProcess node = launch(dataDir, httpPort, -1, arguments);
        node.awaitHealthy(Duration.ofSeconds(120));
        return node;
    }

    private static EngineProcess launch(Path dataDir, int httpPort, int mongoPort, List<String> arguments)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(
                    JAR.toAbsolutePath() + " is missing: run the integration tests with 'mvn verify'");
        }
        Path log = Files.createTempFile("engine-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new EngineProcess(process, httpPort, mongoPort, log, dataDir);
    }

    int httpPort() {
        return httpPort;
    }

    int mongoPort() {
        return mongoPort;
    }

    Path dataDir() {
        return dataDir;
    }

    private void awaitLogLine(String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (log().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited during start-up:\n" + log());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + text + "' in " + timeout + ":\n" + log());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The ADMIN key the engine made on the first start with this data folder (it is made before it answers health). */
    String adminKey() {
        try {
            return Files.readString(dataDir.resolve("admin.key")).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The URI of this process's store, with the credentials the store made in its data folder ({@code store.key}). */
    String mongoUri() {
        return mongoUri("");
    }

    /** {@link #mongoUri()} with {@code database} as the default database (what a node is given). */
    String mongoUri(String database) {
        return EmbeddedMongoServer.connectionString(dataDir, mongoPort, database);
    }

    /** SIGKILL: no shutdown hook, no final commit, nothing flushed. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void stopGracefully() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited during start-up:\n" + log());
            }
            try {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the engine did not become healthy in " + timeout + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
