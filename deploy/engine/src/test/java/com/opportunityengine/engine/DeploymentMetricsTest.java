package com.opportunityengine.engine;

import static com.opportunityengine.engine.DeploymentMetrics.grafanaQueryAsPromql;
import static com.opportunityengine.engine.DeploymentMetrics.metricNamesIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The metric-name extractor of {@link DeploymentMetrics}, on PromQL written for it and on the shipped files. */
class DeploymentMetricsTest {

    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    @Test
    void aSelectorWithMatchersAndARangeIsOneName() {
        assertThat(metricNamesIn("rate(engine_commands_seconds_count{outcome=\"error\",node=~\"c.*\"}[5m])"))
                .containsExactly("engine_commands_seconds_count");
    }

    @Test
    void histogramNamesKeepTheirServedSuffix() {
        assertThat(metricNamesIn(
                        "histogram_quantile(0.95, sum by (le, command) (rate(engine_commands_seconds_bucket[5m])))"))
                .containsExactly("engine_commands_seconds_bucket");
        assertThat(metricNamesIn("rate(x_sum[1m]) / rate(x_count[1m]) > x_max"))
                .containsExactly("x_count", "x_max", "x_sum");
    }

    @Test
    void labelListsOfGroupingAndMatchingAreNotNames() {
        String expr = "max by (processor, node) (a) > 1 and on (processor, node) max without(instance)(b)"
                + " * ignoring (job) group_left (role) c unless on(node) d";
        assertThat(metricNamesIn(expr)).containsExactly("a", "b", "c", "d");
        assertThat(metricNamesIn("sum(e) by (job) + count(f) without (le)")).containsExactly("e", "f");
    }

    @Test
    void keywordsNumbersDurationsAndModifiersAreNotNames() {
        assertThat(metricNamesIn("a > bool 1e3 or b offset 1h30m and c @ end() unless d > Inf AND e > NaN"))
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(metricNamesIn("SUM BY (x) (f)")).containsExactly("f");
        assertThat(metricNamesIn("deriv(g[10m:1m]) > -0.5")).containsExactly("g");
    }

    @Test
    void stringsAndMatcherValuesAreSkippedEvenWithBracketsInside() {
        assertThat(metricNamesIn("label_replace(h{a=\"}{\",b='x]'}, \"dst\", \"$1\", \"src\", \"(not_a_metric)\")"))
                .containsExactly("h");
    }

    @Test
    void aNameFollowedBySpaceOrAClosingParenthesisIsAName() {
        assertThat(metricNamesIn("max( engine_processor_segments )")).containsExactly("engine_processor_segments");
        assertThat(metricNamesIn("topk(3, j)")).containsExactly("j");
    }

    @Test
    void upIsLeftOut() {
        assertThat(metricNamesIn("up{job=~\"engine-.*\"} == 0")).isEmpty();
        assertThat(metricNamesIn("k and on (job, instance) (up == 1)")).containsExactly("k");
    }

    @Test
    void grafanaVariablesAndFunctionsAreHandled() {
        assertThat(metricNamesIn("sum(rate(l{node=~\"${node:regex}\"}[$__rate_interval])) / $scale"))
                .containsExactly("l");
        assertThat(grafanaQueryAsPromql("label_values(jvm_threads_live_threads{role=\"query\"}, node)"))
                .isEqualTo("jvm_threads_live_threads{role=\"query\"}");
        assertThat(grafanaQueryAsPromql("label_values(node)")).isEmpty();
        assertThat(grafanaQueryAsPromql("metrics(engine_.*)")).isEmpty();
        assertThat(grafanaQueryAsPromql("query_result(topk(5, m))")).isEqualTo("topk(5, m)");
        assertThat(grafanaQueryAsPromql("sum(n)")).isEqualTo("sum(n)");
    }

    @Test
    void theShippedFilesUseTheEnginesMetricsAndNoFunctionOrLabelName() {
        Set<String> names = DeploymentMetrics.metricNames(ROOT);

        assertThat(names)
                .as("the dashboards' and alerts' metric names")
                .contains(
                        "engine_processor_lag_events",
                        "engine_processor_lag_seconds",
                        "engine_processor_segments",
                        "engine_processor_segments_claimed",
                        "engine_commands_seconds_count",
                        "engine_commands_seconds_bucket",
                        "jvm_memory_used_bytes",
                        "mongodb_driver_pool_size")
                .doesNotContain("up", "rate", "sum", "by", "node", "processor", "le", "command", "outcome");
        assertThat(names)
                .as("every name is a Prometheus metric name")
                .allMatch(n -> n.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"));
    }

    @Test
    void everyMetricTheDashboardsAndAlertsUseIsInTheOperatorsGuide() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/deploy.md"));
        for (String name : DeploymentMetrics.metricNames(ROOT)) {
            String family = name.replaceFirst("_(bucket|count|sum|max)$", "");
            assertThat(Pattern.compile("`" + Pattern.quote(family) + "[`_{]")
                            .matcher(guide)
                            .find())
                    .as("docs/deploy.md's metrics table names %s (or its family %s)", name, family)
                    .isTrue();
        }
    }
}
