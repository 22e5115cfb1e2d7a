package com.opportunityengine.engine.bench;

import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Engine processes for the cluster figures, each its own JVM started from {@code opportunity-engine.jar} (the
 * engine's executable jar, found beside the bench jar in {@code deploy/target}): the embedded store alone
 * ({@code store}) and engine nodes of a role on it. Every process and its data folder live in one temporary folder;
 * {@link #close()} kills every process still running and deletes the folder, and a shutdown hook does the same when
 * the run is interrupted. The tests have their own launcher (deploy/engine's {@code EngineProcess}); the bench jar
 * holds no test code, hence this one.
 */
final class EngineProcesses implements AutoCloseable {

    static final String ENGINE_JAR = "opportunity-engine.jar";
    /** Overrides where the engine jar is looked for (a path to the jar). */
    static final String ENGINE_JAR_PROPERTY = "bench.engine-jar";

    private static final Duration STORE_START = Duration.ofSeconds(90);

    private final Path jar;
    private final Path work;
    private final List<Node> started = new CopyOnWriteArrayList<>();
    private final Thread hook;
    private final HttpClient probe = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private EngineProcesses(Path jar, Path work) {
        this.jar = jar;
        this.work = work;
        this.hook = new Thread(this::killAllAndDelete, "bench-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Finds the engine jar (fails clearly when it is missing) and makes the temporary folder. */
    static EngineProcesses create() throws IOException {
        Path jar = engineJar();
        return new EngineProcesses(jar, Files.createTempDirectory("opportunity-engine-bench-cluster-"));
    }

    Path jar() {
        return jar;
    }

    /**
     * The engine jar: {@code -Dbench.engine-jar=PATH}, else {@value #ENGINE_JAR} beside the jar (or classes folder)
     * this class was loaded from, else in a {@code target} folder up to three levels above it (the build tree: the
     * bench's classes are {@code deploy/bench/target/classes}, the engine jar {@code deploy/target}).
     */
    static Path engineJar() {
        String override = System.getProperty(ENGINE_JAR_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path jar = Path.of(override).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("-D" + ENGINE_JAR_PROPERTY + "=" + override + " is not a file");
            }
            return jar;
        }
        Path here = ownLocation();
        Path dir = Files.isDirectory(here) ? here : here.getParent();
        List<Path> tried = new ArrayList<>();
        for (int up = 0; dir != null && up <= 3; up++, dir = dir.getParent()) {
            for (Path candidate :
                    List.of(dir.resolve(ENGINE_JAR), dir.resolve("target").resolve(ENGINE_JAR))) {
                tried.add(candidate);
                if (Files.isRegularFile(candidate)) {
                    return candidate.toAbsolutePath().normalize();
                }
            }
        }
        throw new IllegalStateException("The cluster figures start engine processes from " + ENGINE_JAR
                + ", which is not beside the bench (" + here + "); looked at " + tried
                + ". Build it with 'mvn -o -q -B package -DskipTests' (it goes to deploy/target), or name it with -D"
                + ENGINE_JAR_PROPERTY + "=PATH");
    }

    /** The jar or classes folder this class was loaded from (a Spring Boot jar names it {@code jar:nested:...}). */
    private static Path ownLocation() {
        URL location =
                EngineProcesses.class.getProtectionDomain().getCodeSource().getLocation();
        String text = location.toString();
        try {
            if (text.startsWith("jar:nested:")) {
                String path = text.substring("jar:nested:".length());
                int inner = path.indexOf("/!");
                return Path.of(inner < 0 ? path : path.substring(0, inner));
            }
            if (text.startsWith("jar:file:")) {
                String file = text.substring("jar:".length());
                int inner = file.indexOf("!/");
                return Path.of(new URI(inner < 0 ? file : file.substring(0, inner)));
            }
            return Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            String classPath = System.getProperty("java.class.path", "");
            return Path.of(classPath.split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        }
    }

    /** One process: the store or an engine node. */
    final class Node {
        private final String name;
        private final Process process;
        private final int httpPort;
        private final int mongoPort;
        private final Path dataDir;
        private final Path log;
        private final long launched = System.nanoTime();

        private Node(String name, Process process, int httpPort, int mongoPort, Path dataDir, Path log) {
            this.name = name;
            this.process = process;
            this.httpPort = httpPort;
            this.mongoPort = mongoPort;
            this.dataDir = dataDir;
            this.log = log;
        }

        String name() {
            return name;
        }

        long launchedNanos() {
            return launched;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }

        /**
         * The store's connection string (of the store process), with the credentials it made in its data folder
         * ({@code store.key}).
         */
        String mongoUri() {
            return EmbeddedMongoServer.connectionString(dataDir, mongoPort, "");
        }

        Path dataDir() {
            return dataDir;
        }

        boolean alive() {
            return process.isAlive();
        }

        /** The last lines of the process's output, for error messages. */
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        private String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "";
            }
        }

        /** Waits until {@code path} answers 200 (e.g. {@code /actuator/health}). */
        void awaitUp(String path, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("engine process " + name + " exited during start-up ("
                            + process.exitValue() + "):\n" + tail());
                }
                try {
                    HttpResponse<Void> answer = probe.send(
                            HttpRequest.newBuilder(uri(path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // keep waiting
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(
                    "engine process " + name + ": " + path + " did not answer 200 within " + timeout + ":\n" + tail());
        }

        /** Kills the process (it is a throw-away node: nothing of it is kept) and waits for it to end. */
        void stop() {
            process.destroyForcibly();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("engine process " + name + " did not end after a kill");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.remove(this);
        }
    }

    /**
     * {@code java -jar opportunity-engine.jar store --port=P --data-dir=D}: the embedded store alone on loopback,
     * waited for until it says it listens.
     */
    Node store() throws IOException, InterruptedException {
        int port = freePort();
        Path data = Files.createDirectory(work.resolve("store"));
        Node store = launch("store", -1, port, data, List.of("store", "--port=" + port, "--data-dir=" + data));
        long deadline = System.nanoTime() + STORE_START.toNanos();
        while (!store.output().contains("The embedded store is listening on")) {
            if (!store.alive()) {
                throw new IllegalStateException("the store process exited during start-up:\n" + store.tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the store process did not listen within " + STORE_START + ":\n" + store.tail());
            }
            Thread.sleep(100);
        }
        return store;
    }

    /** {@code mongoUri} (no database of its own) with {@code database} as its path, before any options. */
    static String withDatabase(String mongoUri, String database) {
        int options = mongoUri.indexOf('?');
        String base = options < 0 ? mongoUri : mongoUri.substring(0, options);
        return (base.endsWith("/") ? base : base + "/") + database + (options < 0 ? "" : mongoUri.substring(options));
    }

    /**
     * Launches an engine node ({@code role} command or query, named {@code nodeId}) on {@code database} of the
     * MongoDB at {@code mongoUri}, with a data folder of its own; does not wait for it ({@link Node#awaitUp}).
     */
    Node node(String role, String nodeId, String mongoUri, String database, String... extra) throws IOException {
        int port = freePort();
        Path data = Files.createDirectory(work.resolve(nodeId + "-" + System.nanoTime()));
        List<String> arguments = new ArrayList<>(List.of(
                "--engine.role=" + role,
                "--engine.node-id=" + nodeId,
                "--server.port=" + port,
                "--engine.data-dir=" + data,
                "--engine.mongo.uri=" + withDatabase(mongoUri, database),
                "--engine.mongo.database=" + database,
                "--logging.level.root=WARN",
                "--logging.level.com.opportunityengine=WARN"));
        arguments.addAll(List.of(extra));
        return launch(nodeId, port, -1, data, arguments);
    }

    private Node launch(String name, int httpPort, int mongoPort, Path data, List<String> arguments)
            throws IOException {
        Path log = work.resolve(name + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // the node's store is the one named on its command line, never one from the bench's environment
        builder.environment().remove("MONGODB_URI");
        Node node = new Node(name, builder.start(), httpPort, mongoPort, data, log);
        started.add(node);
        return node;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        killAllAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private void killAllAndDelete() {
        // the nodes before the store they use
        List<Node> nodes = new ArrayList<>(started);
        java.util.Collections.reverse(nodes);
        for (Node node : nodes) {
            node.stop();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
