package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.testing.http.EngineHttp;
import com.opportunityengine.testing.http.EngineHttp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every metric a Grafana panel or a Prometheus alert rule of deploy/ names is served by a running engine's
 * {@code /actuator/prometheus}: the shipped jar, as a process, after some commands and queries (a timer or counter
 * appears with its first use; the JVM's GC pauses with the first collection).
 */
class DashboardMetricsIT {

    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    @Test
    void everyMetricTheDashboardsAndAlertsUseIsServed() throws Exception {
        Set<String> used = DeploymentMetrics.metricNames(ROOT);
        assertThat(used).isNotEmpty();
        Path dataDir = Files.createTempDirectory("dashboard-metrics");
        try (EngineProcess engine = EngineProcess.start(dataDir)) {
            EngineHttp http = new EngineHttp(engine.httpPort(), engine.adminKey());
            Set<String> missing = new TreeSet<>(used);
            long deadline = System.nanoTime() + 120_000_000_000L;
            String key = "metrics-" + UUID.randomUUID();
            for (int round = 0; !missing.isEmpty() && System.nanoTime() < deadline; round++) {
                work(http, round, key);
                missing.removeAll(served(http.get("/actuator/prometheus")));
            }
            assertThat(missing)
                    .as("named by a dashboard or alert but not served")
                    .isEmpty();
        }
    }

    /** Commands (one repeated under the same idempotency key), reads and a little garbage for the collector. */
    private static void work(EngineHttp http, int round, String key) {
        Reply created = http.post(
                "/api/opportunities",
                "{\"title\":\"Metrics " + (round / 2) + "\",\"customer\":{\"name\":\"Metrics customer\"},"
                        + "\"source\":\"web\",\"amount\":{\"value\":\"100\",\"currency\":\"CNY\"},"
                        + "\"ownerId\":\"admin\"}",
                "Idempotency-Key",
                key + "-" + (round / 2));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("opportunityId").asText();
        http.post(
                "/api/opportunities/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"direction\":\"OUTBOUND\",\"summary\":\"s\"}");
        http.getUntil("/api/opportunities/" + id, r -> r.status() == 200);
        http.get("/api/funnel");
        http.get("/api/pipeline");
        http.get("/api/opportunities?size=100");
    }

    /** The metric names of a Prometheus text exposition. */
    private static Set<String> served(Reply scrape) {
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : scrape.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
