package com.opportunityengine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The metric names the shipped deployment files read: the PromQL of every Grafana dashboard under
 * {@code deploy/grafana/dashboards} (panel targets and query variables) and of every rule in
 * {@code deploy/prometheus/alerts.yml}.
 *
 * <p>A name is kept exactly as Prometheus serves it: a histogram's {@code x_bucket}, {@code x_count}, {@code x_sum}
 * and a timer's {@code x_max} are separate names, each the name of a served series, so that a test which scrapes a
 * running engine can look each one up as it is. {@code up} is left out: Prometheus makes it, no node serves it.
 *
 * <p>The extractor reads PromQL the way its grammar does, without a full parser: string literals, label matchers
 * ({@code {...}}), ranges and subqueries ({@code [...]}) and the label lists of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are skipped; an identifier followed by
 * {@code (} is a function or an aggregation, and so is an aggregation operator's name before its {@code by} or
 * {@code without}; keywords and operators ({@code and}, {@code or}, {@code unless},
 * {@code bool}, {@code offset}, {@code inf}, {@code nan}) are not names; every other identifier is a metric name.
 * Grafana's variables ({@code $node}, {@code ${node:regex}}, {@code $__rate_interval}) are removed first, and
 * Grafana's {@code label_values(selector, label)} contributes its selector only.
 */
final class DeploymentMetrics {

    static final Path DASHBOARDS = Path.of("deploy", "grafana", "dashboards");
    static final Path ALERTS = Path.of("deploy", "prometheus", "alerts.yml");

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
    /** Aggregation operators: followed by "(" or by a grouping ("sum by (x) (...)"), never names. */
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    /** Made by Prometheus for every target, served by no node. */
    private static final Set<String> SYNTHETIC = Set.of("up");

    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern LABEL_VALUES_OF_LABEL =
            Pattern.compile("^\\s*label_values\\s*\\(\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$");
    private static final Pattern GRAFANA_FUNCTION =
            Pattern.compile("^\\s*(query_result|label_names)\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);
    private static final Pattern GRAFANA_METRICS = Pattern.compile("^\\s*metrics\\s*\\(.*\\)\\s*$", Pattern.DOTALL);

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentMetrics() {}

    /** Every metric name the dashboards and the alert rules of the repository at {@code repositoryRoot} use. */
    static Set<String> metricNames(Path repositoryRoot) {
        SortedSet<String> names = new TreeSet<>();
        for (String expr : dashboardExpressions(repositoryRoot)) {
            names.addAll(metricNamesIn(expr));
        }
        for (String expr : alertExpressions(repositoryRoot)) {
            names.addAll(metricNamesIn(expr));
        }
        return names;
    }

    /**
     * The PromQL of every dashboard: each panel target's {@code expr} (rows' nested panels included) and each query
     * variable's query, with Grafana's own functions turned into the PromQL they hold (see
     * {@link #grafanaQueryAsPromql}).
     */
    static List<String> dashboardExpressions(Path repositoryRoot) {
        List<String> expressions = new ArrayList<>();
        for (Path file : dashboardFiles(repositoryRoot)) {
            JsonNode dashboard = readJson(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("expr")) {
                        expressions.add(target.get("expr").asText());
                    }
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText())) {
                    String query = variable.path("query").isObject()
                            ? variable.path("query").path("query").asText()
                            : variable.path("query").asText();
                    String promql = grafanaQueryAsPromql(query);
                    if (!promql.isBlank()) {
                        expressions.add(promql);
                    }
                }
            }
        }
        return expressions;
    }

    /** The {@code expr} of every rule, alerting or recording, of {@code deploy/prometheus/alerts.yml}. */
    @SuppressWarnings("unchecked")
    static List<String> alertExpressions(Path repositoryRoot) {
        Map<String, Object> file;
        try {
            file = new Yaml().load(Files.readString(repositoryRoot.resolve(ALERTS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add(String.valueOf(rule.get("expr")));
            }
        }
        return expressions;
    }

    /** The dashboard JSON files, sorted by name. */
    static List<Path> dashboardFiles(Path repositoryRoot) {
        try (Stream<Path> files = Files.list(repositoryRoot.resolve(DASHBOARDS))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of a dashboard, the panels nested in collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return panels;
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The PromQL inside a Grafana variable query: {@code label_values(selector, label)} gives its selector,
     * {@code query_result(expr)} and {@code label_names(selector)} their argument; {@code label_values(label)} and
     * {@code metrics(regex)} name no metric (empty); anything else is PromQL already.
     */
    static String grafanaQueryAsPromql(String query) {
        if (LABEL_VALUES_OF_LABEL.matcher(query).matches()
                || GRAFANA_METRICS.matcher(query).matches()) {
            return "";
        }
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            return labelValues.group(1);
        }
        Matcher function = GRAFANA_FUNCTION.matcher(query);
        if (function.matches()) {
            return function.group(2);
        }
        return query;
    }

    /** The metric names one PromQL expression reads (Grafana variables allowed), in order of name. */
    static SortedSet<String> metricNamesIn(String promql) {
        String s = GRAFANA_VARIABLE.matcher(promql).replaceAll("");
        SortedSet<String> names = new TreeSet<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
            } else if (c == '{') {
                i = skipBracketed(s, i, '{', '}');
            } else if (c == '[') {
                i = skipBracketed(s, i, '[', ']');
            } else if (c == '#') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (Character.isDigit(c) || c == '.') {
                // a number or a duration (5m, 1e3, 0x1f): never a name
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
            } else if (isIdentifierStart(c)) {
                int start = i;
                while (i < s.length() && isIdentifierPart(s.charAt(i))) {
                    i++;
                }
                String identifier = s.substring(start, i);
                String lower = identifier.toLowerCase(Locale.ROOT);
                int next = skipSpaces(s, i);
                boolean call = next < s.length() && s.charAt(next) == '(';
                if (GROUPING.contains(lower)) {
                    if (call) {
                        i = skipBracketed(s, next, '(', ')');
                    }
                } else if (!call
                        && !KEYWORDS.contains(lower)
                        && !AGGREGATIONS.contains(lower)
                        && !SYNTHETIC.contains(identifier)) {
                    names.add(identifier);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after the string literal that starts at {@code i} (backslash escapes in quoted strings). */
    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            if (s.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        return Math.min(i + 1, s.length());
    }

    /** The index after the bracket that closes the one at {@code i}, strings inside skipped whole. */
    private static int skipBracketed(String s, int i, char open, char close) {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return s.length();
    }
}
