package com.opportunityengine.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The peer figures on a real PostgreSQL (Debian's postgresql-15, which .ci/run installs): the script starts a throwaway
 * cluster, the tiny profile's peer phase runs stock Axon's JDBC engine on it with the engine's aggregates, and every
 * figure is there and consistent with the engine figures it is compared with. Correctness only, never timings. Outside
 * CI a machine without the server binaries skips it; in CI they must be there.
 */
class PeerBenchIT {

    private static final Path INITDB = Path.of("/usr/lib/postgresql/15/bin/initdb");
    private static final Path SCRIPT = Path.of("scripts/peer-postgres.sh");

    @Test
    void thePeerRunsTheSameLoopOnStockAxonAndIsComparedWithTheEngine() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(INITDB), "no PostgreSQL 15 server binaries at " + INITDB);
        }
        String dir = "/tmp/opportunity-engine-peer-it-" + UUID.randomUUID();
        int port = freePort();
        String url = script("start", dir, port);
        assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:" + port + "/");
        List<BenchResult> results = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        try (EngineUnderTest engine = EngineUnderTest.start()) {
            new PeerBench(BenchProfile.named("tiny"), results::add, steps::add)
                    .run(url, engine, new PeerBench.EngineFigures(100.0, 200.0, 1000.0));
        } finally {
            script("stop", dir, port);
        }

        Map<String, BenchResult> byName =
                results.stream().collect(Collectors.toMap(BenchResult::name, result -> result));
        assertThat(byName)
                .containsOnlyKeys(
                        "peer.raw.write.single-durable",
                        "peer.commands.gateway.1-client",
                        "peer.commands.gateway.4-clients",
                        "peer.log.fill",
                        "peer.growth.command-cost.large-log",
                        "peer.replay.event-stream",
                        "peer.versus.commands.gateway.1-client",
                        "peer.versus.commands.gateway.4-clients",
                        "peer.versus.replay.event-stream");
        results.forEach(result -> assertThat(result.value()).as(result.name()).isPositive());
        // the password never reaches the console
        assertThat(steps).noneMatch(step -> step.contains("password=bench"));
        // engine over peer, judged against >= 1.0
        assertVersus(byName, "commands.gateway.1-client", 100.0);
        assertVersus(byName, "commands.gateway.4-clients", 200.0);
        assertVersus(byName, "replay.event-stream", 1000.0);
        assertThat(Files.exists(Path.of(dir)))
                .as("the throwaway cluster is removed")
                .isFalse();
    }

    private static void assertVersus(Map<String, BenchResult> byName, String figure, double engine) {
        BenchResult versus = byName.get("peer.versus." + figure);
        double peer = byName.get("peer." + figure).value();
        assertThat(versus.ratio()).as(versus.name()).isCloseTo(engine / peer, within(0.01 + engine / peer / 100));
        assertThat(versus.target()).isEqualTo(">= 1.0");
        assertThat(versus.met()).isEqualTo(versus.ratio() >= 1.0);
    }

    private static String script(String verb, String dir, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), verb, String.valueOf(port));
        builder.environment().put("PEER_PG_DIR", dir);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(verb + ": " + output).isZero();
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
