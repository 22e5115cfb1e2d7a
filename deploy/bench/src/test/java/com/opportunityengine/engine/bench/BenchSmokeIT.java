package com.opportunityengine.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness on a tiny profile: correctness only (every figure present, the JSON well
 * formed, ratios and targets consistent), never timings. The cluster figures start engine processes from
 * deploy/target/opportunity-engine.jar, which the engine module's package phase has built by then.
 */
class BenchSmokeIT {

    private static final List<String> FIGURES = List.of(
            "raw.write.single-durable",
            "raw.write.batch-100-durable",
            "raw.read.key-100",
            "email.dispatch.per-second",
            "commands.gateway.1-client",
            "commands.gateway.4-clients",
            "commands.http.1-client",
            "commands.http.4-clients",
            "commands.live-projections.gateway.1-client",
            "commands.live-projections.http.4-clients",
            "memory.peak-heap.commands",
            "growth.command-cost.small-log",
            "log.fill",
            "growth.command-cost.large-log",
            "projections.catch-up",
            "query.funnel.p50.small",
            "query.funnel.p99.small",
            "query.funnel.p50.large",
            "query.funnel.p99.large",
            "query.pipeline.p50.small",
            "query.pipeline.p99.small",
            "query.pipeline.p50.large",
            "query.pipeline.p99.large",
            "list.opportunities.by-owner.p50.small",
            "list.opportunities.by-owner.p99.small",
            "list.opportunities.by-owner.p50.large",
            "list.opportunities.by-owner.p99.large",
            "list.opportunities.by-status-stage.p50.small",
            "list.opportunities.by-status-stage.p99.small",
            "list.opportunities.by-status-stage.p50.large",
            "list.opportunities.by-status-stage.p99.large",
            "list.tasks.by-assignee.p50.small",
            "list.tasks.by-assignee.p99.small",
            "list.tasks.by-assignee.p50.large",
            "list.tasks.by-assignee.p99.large",
            "list.tasks.overdue.p50.small",
            "list.tasks.overdue.p99.small",
            "list.tasks.overdue.p50.large",
            "list.tasks.overdue.p99.large",
            "list.customer.behavior.p50.small",
            "list.customer.behavior.p99.small",
            "list.customer.behavior.p50.large",
            "list.customer.behavior.p99.large",
            "raw.read.events.key-100",
            "replay.event-stream",
            "raw.rebuild.opportunity-views",
            "replay.projection.opportunity-views",
            "winprob.retrain",
            "winprob.retrain.peak-heap",
            "winprob.backtest.weekly-year",
            "peer.versus.commands.gateway.1-client",
            "peer.versus.commands.gateway.4-clients",
            "peer.versus.replay.event-stream",
            "store.bytes-per-event",
            "store.start-up.filled",
            "cluster.commands.two-nodes-vs-one",
            "cluster.commands.one-opportunity.two-nodes",
            "cluster.catch-up.two-query-nodes-vs-one");

    @Test
    void theTinyProfileReportsEveryFigureAsWellFormedJson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        BenchReport report = Bench.run("tiny", out, new PrintStream(console, true, StandardCharsets.UTF_8));

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode machine = json.get("machine");
        assertThat(machine.get("cores").asInt()).isPositive();
        assertThat(machine.get("maxHeap").asLong()).isPositive();
        assertThat(machine.get("java").asText()).isNotBlank();
        assertThat(machine.get("os").asText()).isNotBlank();
        assertThat(machine.get("store").asText()).isEqualTo("embedded");
        assertThat(machine.get("startedAt").asText()).isNotBlank();

        List<String> names = new ArrayList<>();
        for (JsonNode result : json.get("results")) {
            names.add(result.get("name").asText());
            assertThat(result.has("value")
                            && result.has("unit")
                            && result.has("ratio")
                            && result.has("target")
                            && result.has("met"))
                    .as(result.toString())
                    .isTrue();
            if (result.get("value").isNull()) {
                // only the figures of parts a build may lack, or of the peer no run of this test names, can be
                // missing, and they say why
                assertThat(result.get("name").asText())
                        .matches("(query|list|raw\\.rebuild|replay\\.projection|projections|peer\\.versus)\\..*");
                assertThat(result.get("note").asText()).isNotBlank();
                continue;
            }
            assertThat(result.get("value").asDouble())
                    .as(result.get("name").asText())
                    .isPositive();
            if (!result.get("target").isNull()) {
                assertThat(result.get("ratio").isNumber()).as(result.toString()).isTrue();
                assertThat(result.get("met").isBoolean()).as(result.toString()).isTrue();
                double ratio = result.get("ratio").asDouble();
                String[] target = result.get("target").asText().split(" ");
                boolean met = target[0].equals(">=")
                        ? ratio >= Double.parseDouble(target[1])
                        : ratio <= Double.parseDouble(target[1]);
                assertThat(result.get("met").asBoolean()).as(result.toString()).isEqualTo(met);
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(FIGURES);
        assertThat(report.results()).hasSize(FIGURES.size());
        for (JsonNode result : json.get("results")) {
            if (result.get("name").asText().equals("email.dispatch.per-second")) {
                // every email requested reached GreenMail and the ledger said SENT; a ratio, no target
                assertThat(result.get("ratio").isNumber()).as(result.toString()).isTrue();
                assertThat(result.get("target").isNull()).as(result.toString()).isTrue();
            }
            if (result.get("name").asText().startsWith("cluster.")) {
                // measured by engine processes on a store process: always there, a ratio with what it is made of
                assertThat(result.get("value").isNumber()).as(result.toString()).isTrue();
                assertThat(result.get("note").asText()).as(result.toString()).contains("cores");
            }
        }
        // every engine process the run started has been killed
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .map(process -> process.info().commandLine().orElse("?"))
                        .filter(command -> command.contains("opportunity-engine.jar")))
                .isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("raw ceiling", "replay", "store footprint", "cluster: catch-up", "done");
    }
}
