package com.opportunityengine.engine;

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

    static EngineProcess start(Path dataDir) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(
                    JAR.toAbsolutePath() + " is missing: run the integration tests with 'mvn verify'");
        }
        int httpPort = freePort();
        int mongoPort = freePort();
        Path log = Files.createTempFile("engine-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--server.port=" + httpPort,
                "--engine.data-dir=" + dataDir.toAbsolutePath(),
                "--engine.embedded-mongo.port=" + mongoPort));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EngineProcess engine = new EngineProcess(process, httpPort, mongoPort, log, dataDir);
        engine.awaitHealthy(Duration.ofSeconds(90));
        return engine;
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

    String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
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
