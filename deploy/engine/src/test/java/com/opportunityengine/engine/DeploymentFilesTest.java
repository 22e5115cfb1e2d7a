package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The operator's deployment files (deploy/compose, deploy/prometheus, deploy/grafana, deploy/kubernetes), checked
 * offline by the real tools: docker-compose, promtool, kubectl's kustomize, yamllint and nginx, run as processes
 * from the repository root. No engine, no Docker engine, no cluster.
 *
 * <p>A tool that is not installed fails its test when {@code CI=true} (.ci/run installs them) and is skipped
 * otherwise, with the Debian package to install named in the skip.
 */
class DeploymentFilesTest {

    /** This module is deploy/engine: the repository root is two folders up. */
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    private static final Path COMPOSE = Path.of("deploy", "compose", "docker-compose.yml");
    private static final Path ENV_EXAMPLE = Path.of("deploy", "compose", ".env.example");
    private static final Path NGINX_CONF = Path.of("deploy", "compose", "nginx.conf");
    private static final Path ROUTER_CONF = Path.of("deploy", "kubernetes", "base", "router", "nginx.conf");
    private static final Path PROMETHEUS = Path.of("deploy", "prometheus");
    private static final Path DATASOURCE =
            Path.of("deploy", "grafana", "provisioning", "datasources", "prometheus.yml");
    private static final Path DASHBOARD_PROVIDER =
            Path.of("deploy", "grafana", "provisioning", "dashboards", "dashboards.yml");

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

    // ------------------------------------------------------------------------------------------ docker compose

    @Test
    void composeFileRendersWithTheExampleEnvironment() throws Exception {
        requireTool("docker-compose", "docker-compose");
        Result result = run(
                "docker-compose",
                "--env-file",
                ROOT.resolve(ENV_EXAMPLE).toString(),
                "-f",
                ROOT.resolve(COMPOSE).toString(),
                "config",
                "-q");
        result.assertSucceeded("docker-compose config -q with " + ENV_EXAMPLE);
    }

    @Test
    void composeFileNamesTheFourNodesTheReplicaSetAndTheEntryPoint() throws Exception {
        requireTool("docker-compose", "docker-compose");
        Result result = run(
                "docker-compose",
                "--env-file",
                ROOT.resolve(ENV_EXAMPLE).toString(),
                "-f",
                ROOT.resolve(COMPOSE).toString(),
                "config");
        result.assertSucceeded("docker-compose config");
        Map<String, Object> services = map(yaml(result.output()).get("services"));

        assertThat(services)
                .as("the services of %s", COMPOSE)
                .containsKeys(
                        "mongo1",
                        "mongo2",
                        "mongo3",
                        "command-1",
                        "command-2",
                        "query-1",
                        "query-2",
                        "entry",
                        "prometheus",
                        "grafana");
        Map<String, String> roles =
                Map.of("command-1", "command", "command-2", "command", "query-1", "query", "query-2", "query");
        Object image = map(services.get("command-1")).get("image");
        roles.forEach((node, role) -> {
            Map<String, Object> service = map(services.get(node));
            Map<String, Object> environment = map(service.get("environment"));
            assertThat(environment)
                    .as("%s's environment", node)
                    .containsEntry("ENGINE_ROLE", role)
                    .containsEntry("ENGINE_NODE_ID", node)
                    .containsKeys("ENGINE_METRICS_SCRAPE_TOKEN", "ENGINE_CHAIN_KEY");
            assertThat(String.valueOf(environment.get("MONGODB_URI")))
                    .as("%s's MONGODB_URI", node)
                    .startsWith("mongodb://")
                    .contains("@mongo1:27017,mongo2:27017,mongo3:27017/opportunity_engine?")
                    .contains("replicaSet=rs0", "authSource=admin", "w=majority", "journal=true");
            assertThat(service.get("image")).as("%s's image", node).isEqualTo(image);
            assertThat(String.valueOf(map(service.get("healthcheck")).get("test")))
                    .as("%s's healthcheck", node)
                    .contains("/actuator/health/readiness");
            assertThat(service).as(node).containsKeys("stop_grace_period", "restart");
            assertThat(String.valueOf(
                            map(map(service.get("depends_on")).get("mongo1")).get("condition")))
                    .as("%s waits for the replica set", node)
                    .isEqualTo("service_healthy");
        });
        assertThat(String.valueOf(map(services.get("mongo1")).get("command")))
                .contains("--replSet", "rs0", "--keyFile", "--bind_ip_all");
        assertThat(String.valueOf(
                        map(map(services.get("mongo1")).get("healthcheck")).get("test")))
                .contains("rs.status()", "rs.initiate(");
    }

    @Test
    void composeFileRefusesToRenderWithoutItsSecrets(@TempDir Path dir) throws Exception {
        requireTool("docker-compose", "docker-compose");
        Path empty = Files.writeString(dir.resolve("empty.env"), "");
        Result result = run(
                List.of(
                        "docker-compose",
                        "--env-file",
                        empty.toString(),
                        "-f",
                        ROOT.resolve(COMPOSE).toString(),
                        "config",
                        "-q"),
                Set.of(
                        "MONGO_INITDB_ROOT_USERNAME",
                        "MONGO_INITDB_ROOT_PASSWORD",
                        "ENGINE_METRICS_SCRAPE_TOKEN",
                        "ENGINE_CHAIN_KEY",
                        "GRAFANA_ADMIN_PASSWORD"));
        assertThat(result.exitCode())
                .as(
                        "docker-compose config without an .env must fail (no default secrets); it printed:%n%s",
                        result.output())
                .isNotZero();
        assertThat(result.output())
                .as("docker-compose names the missing variable")
                .containsAnyOf(
                        "MONGO_INITDB_ROOT_USERNAME",
                        "MONGO_INITDB_ROOT_PASSWORD",
                        "ENGINE_METRICS_SCRAPE_TOKEN",
                        "GRAFANA_ADMIN_PASSWORD");
    }

    // ---------------------------------------------------------------------------------------------- Prometheus

    @Test
    void prometheusConfigIsValid(@TempDir Path dir) throws Exception {
        requireTool("promtool", "prometheus");
        // promtool checks that the token file exists; in the container it is a volume, so lay the same folder out
        // here: the config, its rule file and secrets/scrape-token beside them
        Files.copy(ROOT.resolve(PROMETHEUS).resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.copy(ROOT.resolve(PROMETHEUS).resolve("alerts.yml"), dir.resolve("alerts.yml"));
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets").resolve("scrape-token"), "test-token");

        Result result =
                run("promtool", "check", "config", dir.resolve("prometheus.yml").toString());
        result.assertSucceeded("promtool check config deploy/prometheus/prometheus.yml");
        assertThat(result.output()).contains("1 rule files found");

        Map<String, Object> config =
                yaml(Files.readString(ROOT.resolve(PROMETHEUS).resolve("prometheus.yml")));
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(config.get("scrape_configs"))) {
            jobs.put(String.valueOf(map(job).get("job_name")), map(job));
        }
        assertThat(jobs).containsKeys("engine-command", "engine-query");
        for (String name : List.of("engine-command", "engine-query")) {
            Map<String, Object> job = jobs.get(name);
            assertThat(job.get("metrics_path")).as(name).isEqualTo("/actuator/prometheus");
            assertThat(map(job.get("authorization")))
                    .as("%s sends the scrape token", name)
                    .containsEntry("type", "Bearer")
                    .containsKey("credentials_file");
            assertThat(String.valueOf(job.get("relabel_configs")))
                    .as("%s names the instance after the node", name)
                    .contains("target_label=instance");
        }
    }

    @Test
    void alertRulesAreValid() throws Exception {
        requireTool("promtool", "prometheus");
        run("promtool", "check", "rules", PROMETHEUS.resolve("alerts.yml").toString())
                .assertSucceeded("promtool check rules deploy/prometheus/alerts.yml");
    }

    @Test
    void alertRulesPassTheirUnitTests() throws Exception {
        requireTool("promtool", "prometheus");
        run("promtool", "test", "rules", PROMETHEUS.resolve("alerts-test.yml").toString())
                .assertSucceeded("promtool test rules deploy/prometheus/alerts-test.yml");
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() throws IOException {
        Map<String, Object> rules =
                yaml(Files.readString(ROOT.resolve(PROMETHEUS).resolve("alerts.yml")));
        List<String> alerts = new ArrayList<>();
        for (Object group : list(rules.get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                alerts.add(String.valueOf(map(rule).get("alert")));
            }
        }
        assertThat(alerts)
                .containsExactlyInAnyOrder(
                        "EngineNodeDown",
                        "EngineProcessorLagGrowing",
                        "EngineCommandErrors",
                        "EngineProcessorSegmentsUnclaimed");

        Map<String, Object> tests =
                yaml(Files.readString(ROOT.resolve(PROMETHEUS).resolve("alerts-test.yml")));
        Set<String> firing = new java.util.TreeSet<>();
        Set<String> quiet = new java.util.TreeSet<>();
        for (Object test : list(tests.get("tests"))) {
            for (Object check : list(map(test).get("alert_rule_test"))) {
                String alert = String.valueOf(map(check).get("alertname"));
                Object expected = map(check).get("exp_alerts");
                (expected == null || list(expected).isEmpty() ? quiet : firing).add(alert);
            }
        }
        assertThat(firing).as("alerts with a test that makes them fire").containsAll(alerts);
        assertThat(quiet).as("alerts with a test that keeps them quiet").containsAll(alerts);
    }

    // ------------------------------------------------------------------------------------------------- Grafana

    @Test
    void dashboardsParseAndUseOnlyTheProvisionedDataSource() throws IOException {
        String uid = provisionedDataSourceUid();
        List<Path> files = DeploymentMetrics.dashboardFiles(ROOT);
        assertThat(files).as("dashboards in %s", DeploymentMetrics.DASHBOARDS).isNotEmpty();

        List<String> titles = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (Path file : files) {
            JsonNode dashboard = DeploymentMetrics.readJson(file);
            String name = ROOT.relativize(file).toString();
            titles.add(dashboard.path("title").asText());
            uids.add(dashboard.path("uid").asText());
            List<JsonNode> panels = DeploymentMetrics.panels(dashboard);
            assertThat(panels).as("%s has panels", name).isNotEmpty();
            for (JsonNode panel : panels) {
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                String where = name + " panel '" + panel.path("title").asText() + "'";
                assertThat(panel.path("datasource").path("uid").asText())
                        .as("%s's data source", where)
                        .isEqualTo(uid);
                assertThat(panel.path("targets")).as("%s's targets", where).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText())
                            .as("%s: target %s has an expr", where, target.path("refId"))
                            .isNotBlank();
                    if (target.has("datasource")) {
                        assertThat(target.path("datasource").path("uid").asText())
                                .as("%s: target %s's data source", where, target.path("refId"))
                                .isEqualTo(uid);
                    }
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText())) {
                    assertThat(variable.path("datasource").path("uid").asText())
                            .as("%s variable %s's data source", name, variable.path("name"))
                            .isEqualTo(uid);
                }
            }
        }
        assertThat(titles).containsExactlyInAnyOrder("Commands", "Processors and lag", "JVM", "Store");
        assertThat(uids).as("dashboard uids").doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void dashboardProviderReadsTheFolderComposeMounts() throws IOException {
        Map<String, Object> provider = map(
                list(yaml(Files.readString(ROOT.resolve(DASHBOARD_PROVIDER))).get("providers"))
                        .get(0));
        String path = String.valueOf(map(provider.get("options")).get("path"));
        assertThat(Files.readString(ROOT.resolve(COMPOSE)))
                .as("compose mounts deploy/grafana/dashboards where the provider reads")
                .contains("../grafana/dashboards:" + path + ":ro");
    }

    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path dir) throws Exception {
        requireTool("promtool", "prometheus");
        // every dashboard expression becomes a recording rule, its Grafana variables given plain values, so that
        // promtool's PromQL parser reads each one
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String expr : DeploymentMetrics.dashboardExpressions(ROOT)) {
            String promql = expr.replace("$__rate_interval", "5m")
                    .replace("$__interval", "1m")
                    .replaceAll("\\$\\{[A-Za-z_]+(:[a-z]+)?}", ".*")
                    .replaceAll("\\$[A-Za-z_]+", ".*");
            rules.add(Map.of("record", "dashboard:expression:" + rules.size(), "expr", promql));
        }
        assertThat(rules).isNotEmpty();
        Path file = dir.resolve("dashboard-expressions.yml");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(
                file, new Yaml(options).dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
        run("promtool", "check", "rules", file.toString())
                .assertSucceeded("promtool check rules on the dashboards' expressions (" + file + ")");
    }

    // ---------------------------------------------------------------------------------------------- Kubernetes

    @Test
    void kustomizeRendersTheBaseWithBothRolesProbedAndProtected() throws Exception {
        requireTool("kubectl", "kubernetes-client");
        Result result = run("kubectl", "kustomize", "deploy/kubernetes/base");
        result.assertSucceeded("kubectl kustomize deploy/kubernetes/base");
        List<Map<String, Object>> objects = yamlDocuments(result.output());

        Map<String, Object> secret = single(objects, "Secret", name -> name.startsWith("engine-mongodb"));
        String secretName = name(secret);
        assertThat(map(secret.get("data")))
                .containsKeys("MONGODB_URI", "ENGINE_METRICS_SCRAPE_TOKEN", "ENGINE_CHAIN_KEY");
        String configName = name(single(objects, "ConfigMap", name -> name.startsWith("engine-config")));

        for (String role : List.of("command", "query")) {
            Map<String, Object> deployment = single(objects, "Deployment", ("engine-" + role)::equals);
            Map<String, Object> spec = map(deployment.get("spec"));
            assertThat(spec.get("replicas")).as("engine-%s replicas", role).isEqualTo(2);
            Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
            assertThat(pod)
                    .as("engine-%s pod", role)
                    .containsKeys("terminationGracePeriodSeconds", "topologySpreadConstraints");
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            assertThat(httpGetPath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
            assertThat(httpGetPath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
            assertThat(httpGetPath(container, "startupProbe")).startsWith("/actuator/health/");
            assertThat(String.valueOf(map(map(container.get("lifecycle")).get("preStop"))))
                    .as("engine-%s preStop", role)
                    .contains("sleep");
            assertThat(container).as("engine-%s container", role).containsKey("resources");

            Map<String, Map<String, Object>> env = new LinkedHashMap<>();
            for (Object variable : list(container.get("env"))) {
                env.put(String.valueOf(map(variable).get("name")), map(variable));
            }
            assertThat(env.get("ENGINE_ROLE")).as("engine-%s ENGINE_ROLE", role).containsEntry("value", role);
            assertThat(env).containsKey("ENGINE_NODE_ID");
            for (String key : List.of("MONGODB_URI", "ENGINE_METRICS_SCRAPE_TOKEN", "ENGINE_CHAIN_KEY")) {
                assertThat(map(map(env.get(key).get("valueFrom")).get("secretKeyRef")))
                        .as("engine-%s takes %s from the Secret", role, key)
                        .containsEntry("name", secretName)
                        .containsEntry("key", key);
            }
            assertThat(String.valueOf(container.get("envFrom")))
                    .as("engine-%s reads the ConfigMap", role)
                    .contains(configName);

            single(objects, "Service", ("engine-" + role)::equals);
            Map<String, Object> pdb = single(objects, "PodDisruptionBudget", ("engine-" + role)::equals);
            assertThat(map(pdb.get("spec"))).containsEntry("minAvailable", 1);
            assertThat(map(map(deployment.get("metadata")).get("labels")))
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of");
            assertThat(map(map(map(spec.get("template")).get("metadata")).get("annotations")))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
        }
        single(objects, "Deployment", "engine-router"::equals);
        single(objects, "PodDisruptionBudget", "engine-router"::equals);
        single(objects, "ConfigMap", name -> name.startsWith("engine-router"));

        Set<String> services = objects.stream()
                .filter(o -> "Service".equals(o.get("kind")))
                .map(DeploymentFilesTest::name)
                .collect(Collectors.toSet());
        assertThat(ingressRules(objects).values())
                .as("the Ingress sends to Services that exist")
                .isNotEmpty()
                .allMatch(services::contains);
    }

    @Test
    void kustomizeRendersTheMongoDbReplicaSet() throws Exception {
        requireTool("kubectl", "kubernetes-client");
        Result result = run("kubectl", "kustomize", "deploy/kubernetes/mongodb");
        result.assertSucceeded("kubectl kustomize deploy/kubernetes/mongodb");
        List<Map<String, Object>> objects = yamlDocuments(result.output());

        Map<String, Object> mongo = single(objects, "MongoDBCommunity", "engine-mongodb"::equals);
        assertThat(mongo.get("apiVersion")).isEqualTo("mongodbcommunity.mongodb.com/v1");
        Map<String, Object> spec = map(mongo.get("spec"));
        assertThat(spec).containsEntry("members", 3).containsEntry("type", "ReplicaSet");
        assertThat(String.valueOf(map(spec.get("security")).get("authentication")))
                .contains("SCRAM");
        Map<String, Object> user = map(list(spec.get("users")).get(0));
        String passwordSecret =
                String.valueOf(map(user.get("passwordSecretRef")).get("name"));
        single(objects, "Secret", passwordSecret::equals);
    }

    @Test
    void theRouterRunsTheComposeEntryPointsRules() throws IOException {
        assertThat(Files.readString(ROOT.resolve(ROUTER_CONF)))
                .as("%s must be a copy of %s (kustomize reads only files below its folder)", ROUTER_CONF, NGINX_CONF)
                .isEqualTo(Files.readString(ROOT.resolve(NGINX_CONF)));
    }

    // --------------------------------------------------------------------------------------------------- YAML

    @Test
    void yamlFilesPassYamllint() throws Exception {
        requireTool("yamllint", "yamllint");
        List<String> command = new ArrayList<>(List.of("yamllint", "--strict", "-f", "parsable", "-c", ".yamllint"));
        command.add(".yamllint");
        for (String folder : List.of("deploy/compose", "deploy/prometheus", "deploy/grafana", "deploy/kubernetes")) {
            command.add(folder);
        }
        run(command, Set.of()).assertSucceeded("yamllint --strict -c .yamllint over the deployment's YAML");
    }

    // -------------------------------------------------------------------------------------------------- nginx

    @Test
    void nginxAcceptsTheEntryPointsConfig(@TempDir Path dir) throws Exception {
        requireTool("nginx", "nginx-light");
        try (Backend command = Backend.start("command");
                Backend query = Backend.start("query")) {
            NginxHarness nginx = NginxHarness.write(dir, command.upstream(), query.upstream());
            run(
                            "nginx",
                            "-t",
                            "-e",
                            "stderr",
                            "-p",
                            dir.toString(),
                            "-c",
                            nginx.mainConfig().toString())
                    .assertSucceeded("nginx -t on deploy/compose/nginx.conf (upstream hosts pointed at loopback)");
        }
    }

    @Test
    void nginxRoutesEachRequestToItsRole(@TempDir Path dir) throws Exception {
        requireTool("nginx", "nginx-light");
        try (Backend command = Backend.start("command");
                Backend query = Backend.start("query");
                NginxHarness nginx = NginxHarness.write(dir, command.upstream(), query.upstream())
                        .start()) {
            Map<String, String> expected = new LinkedHashMap<>();
            for (String request : List.of(
                    "GET /api/opportunities?owner=alice&page=0",
                    "HEAD /api/opportunities",
                    "GET /api/opportunities/opp-1",
                    "GET /api/opportunities/opp-1?minVersion=3",
                    "GET /api/opportunities/opp-1/timeline",
                    "GET /api/opportunities/opp-1/win-probability?asOf=2025-01-01T00:00:00Z",
                    "GET /api/tasks?assignee=alice",
                    "GET /api/pipeline?pipeline=default",
                    "GET /api/funnel",
                    "GET /api/customers/c-1/behavior",
                    "GET /api/win-probability/model",
                    "GET /api/win-probability/backtest?pipeline=default",
                    "GET /api/admin/projections",
                    "POST /api/admin/projections/opportunity-views/replay",
                    "GET /api/admin/projections/opportunity-views/dead-letters",
                    "POST /api/admin/projections/opportunity-views/dead-letters/retry")) {
                expected.put(request, "query");
            }
            for (String request : List.of(
                    "POST /api/opportunities",
                    "PATCH /api/opportunities/opp-1",
                    "POST /api/opportunities/opp-1/stage",
                    "POST /api/opportunities/opp-1/contacts",
                    "POST /api/opportunities/opp-1/tasks",
                    "POST /api/opportunities/opp-1/tasks/t-1/complete",
                    "PUT /api/opportunities/opp-1/owner",
                    "POST /api/opportunities/opp-1/team",
                    "DELETE /api/opportunities/opp-1/team/m-1",
                    "POST /api/opportunities/opp-1/convert",
                    "POST /api/customers",
                    "PATCH /api/customers/c-1",
                    "GET /api/customers/c-1",
                    "POST /api/deals/d-1/close",
                    "POST /api/tasks",
                    "GET /api/pipelines",
                    "GET /api/pipelines/default",
                    "POST /api/pipelines",
                    "GET /api/audit/head",
                    "GET /api/audit/head/verify?position=1&hash=x",
                    "GET /api/audit/events?after=0",
                    "GET /api/audit/opportunities/opp-1/events",
                    "GET /api/imports/i-1",
                    "POST /api/imports/salesforce",
                    "GET /api/admin/users",
                    "POST /api/admin/users",
                    "POST /api/admin/users/alice/api-keys",
                    "DELETE /api/admin/api-keys/k-1",
                    "GET /v3/api-docs",
                    "GET /v3/api-docs.yaml",
                    "GET /swagger-ui.html",
                    "GET /swagger-ui/index.html")) {
                expected.put(request, "command");
            }
            for (String request : List.of("GET /actuator/prometheus", "GET /actuator/health", "GET /", "GET /api")) {
                expected.put(request, "none");
            }

            List<String> misrouted = new ArrayList<>();
            for (Map.Entry<String, String> request : expected.entrySet()) {
                String role = nginx.roleAnswering(request.getKey());
                if (!role.equals(request.getValue())) {
                    misrouted.add(request.getKey() + ": answered by " + role + ", expected " + request.getValue());
                }
            }
            assertThat(misrouted)
                    .as(
                            "requests the entry point (%s) sent to the wrong role, of %d tried",
                            NGINX_CONF, expected.size())
                    .isEmpty();
        }
    }

    @Test
    void nginxPassesTheClientsHeadersAndAddsTheForwardedOnes(@TempDir Path dir) throws Exception {
        requireTool("nginx", "nginx-light");
        try (Backend command = Backend.start("command");
                Backend query = Backend.start("query");
                NginxHarness nginx = NginxHarness.write(dir, command.upstream(), query.upstream())
                        .start()) {
            HttpResponse<String> response =
                    nginx.send(HttpRequest.newBuilder(nginx.uri("/api/opportunities/opp-1/stage"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"stage\":\"qualified\"}"))
                            .header("Authorization", "Bearer oe_test")
                            .header("Idempotency-Key", "key-1")
                            .header("If-Match", "\"3\"")
                            .header("Content-Type", "application/json"));
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, String> seen = command.lastHeaders();
            assertThat(seen)
                    .as("the headers the command node saw")
                    .containsEntry("authorization", "Bearer oe_test")
                    .containsEntry("idempotency-key", "key-1")
                    .containsEntry("if-match", "\"3\"")
                    .containsEntry("x-forwarded-for", "127.0.0.1")
                    .containsEntry("x-forwarded-proto", "http")
                    .containsEntry("x-forwarded-host", "localhost")
                    .containsKey("x-forwarded-port");
            assertThat(command.lastBody()).isEqualTo("{\"stage\":\"qualified\"}");
        }
    }

    @Test
    void nginxRetriesOnTheOtherNodeOnlyWhatItMaySendTwice(@TempDir Path dir) throws Exception {
        requireTool("nginx", "nginx-light");
        // the command upstream here: a node that takes the request and hangs up without an answer (never marked
        // down, so that both requests try it), then a healthy one (as backup, so that the order is fixed); the rest
        // of the configuration, proxy_next_upstream included, is the shipped one
        try (Backend command = Backend.start("command");
                Backend query = Backend.start("query");
                HangingUp broken = HangingUp.start();
                NginxHarness nginx = NginxHarness.write(
                                dir,
                                "127.0.0.1:" + broken.port() + " max_fails=0; server " + command.address() + " backup",
                                query.upstream())
                        .start()) {
            assertThat(nginx.roleAnswering("GET /api/pipelines"))
                    .as("a GET whose node hung up is answered by the other node")
                    .isEqualTo("command");
            assertThat(nginx.status("POST /api/opportunities"))
                    .as("a POST whose node hung up is not sent again: the client sees 502")
                    .isEqualTo(502);
            assertThat(broken.requests()).isEqualTo(2);
            assertThat(command.requests())
                    .as("requests the healthy command node saw")
                    .isEqualTo(1);
        }
    }

    @Test
    void ingressSendsStraightToARoleOnlyWhatTheRouterSendsThereForEveryMethod(@TempDir Path dir) throws Exception {
        requireTool("kubectl", "kubernetes-client");
        requireTool("nginx", "nginx-light");
        Result rendered = run("kubectl", "kustomize", "deploy/kubernetes/base");
        rendered.assertSucceeded("kubectl kustomize deploy/kubernetes/base");
        Map<String, String> rules = ingressRules(yamlDocuments(rendered.output()));
        assertThat(rules).containsValue("engine-router");

        try (Backend command = Backend.start("command");
                Backend query = Backend.start("query");
                NginxHarness nginx = NginxHarness.write(dir, command.upstream(), query.upstream())
                        .start()) {
            for (Map.Entry<String, String> rule : rules.entrySet()) {
                if ("engine-router".equals(rule.getValue())) {
                    continue;
                }
                String role = rule.getValue().substring("engine-".length());
                String[] typeAndPath = rule.getKey().split(" ", 2);
                List<String> paths = "Prefix".equals(typeAndPath[0])
                        ? List.of(typeAndPath[1], typeAndPath[1] + "/x", typeAndPath[1] + "/x/y")
                        : List.of(typeAndPath[1]);
                for (String path : paths) {
                    for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
                        assertThat(nginx.roleAnswering(method + " " + path))
                                .as(
                                        "the Ingress sends %s %s (%s) to %s: so must the router",
                                        method, path, rule.getKey(), role)
                                .isEqualTo(role);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String provisionedDataSourceUid() throws IOException {
        Map<String, Object> provisioning = yaml(Files.readString(ROOT.resolve(DATASOURCE)));
        List<Object> dataSources = list(provisioning.get("datasources"));
        assertThat(dataSources).as("%s provisions one data source", DATASOURCE).hasSize(1);
        String uid = String.valueOf(map(dataSources.get(0)).get("uid"));
        assertThat(uid).as("the provisioned data source's uid").isNotBlank().isNotEqualTo("null");
        return uid;
    }

    /** The Ingress' rules as "Prefix /api/audit" -> "engine-command", in order. */
    private static Map<String, String> ingressRules(List<Map<String, Object>> objects) {
        Map<String, Object> ingress = single(objects, "Ingress", name -> true);
        Map<String, String> rules = new LinkedHashMap<>();
        for (Object rule : list(map(ingress.get("spec")).get("rules"))) {
            for (Object path : list(map(map(rule).get("http")).get("paths"))) {
                Map<String, Object> p = map(path);
                String service = String.valueOf(
                        map(map(map(p.get("backend")).get("service"))).get("name"));
                rules.put(p.get("pathType") + " " + p.get("path"), service);
            }
        }
        return rules;
    }

    private static String httpGetPath(Map<String, Object> container, String probe) {
        assertThat(container).as("the container has a %s", probe).containsKey(probe);
        return String.valueOf(map(map(container.get(probe)).get("httpGet")).get("path"));
    }

    private static Map<String, Object> single(
            List<Map<String, Object>> objects, String kind, java.util.function.Predicate<String> name) {
        List<Map<String, Object>> found = objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.test(name(o)))
                .toList();
        assertThat(found)
                .as(
                        "one %s among the rendered %s",
                        kind,
                        objects.stream().map(o -> o.get("kind") + "/" + name(o)).toList())
                .hasSize(1);
        return found.get(0);
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(map(object.get("metadata")).get("name"));
    }

    private static Map<String, Object> yaml(String text) {
        return map(new Yaml().load(text));
    }

    private static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).as("a YAML mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).as("a YAML sequence").isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** Fails under CI, skips elsewhere, when {@code command} is not on the PATH. */
    private static void requireTool(String command, String debianPackage) {
        boolean found = Stream.of(
                        Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, command))
                .anyMatch(Files::isExecutable);
        if (found) {
            return;
        }
        String message = command + " is not installed (Debian package " + debianPackage + ": apt-get install -y "
                + debianPackage + "; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Set.of());
    }

    /** Runs {@code command} in the repository root, without the environment variables {@code unset}. */
    private static Result run(List<String> command, Set<String> unset) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        unset.forEach(builder.environment()::remove);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not end within " + TOOL_TIMEOUT);
        }
        return new Result(String.join(" ", command), process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(String command, int exitCode, String output) {
        void assertSucceeded(String what) {
            assertThat(exitCode)
                    .as("%s: `%s` exited with %d and printed:%n%s", what, command, exitCode, output)
                    .isZero();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * deploy/compose/nginx.conf in a throw-away nginx: the file as shipped, but for its two upstream server lines
     * (pointed at loopback ports) and its listen port, inside a main configuration that keeps every file nginx
     * writes in {@code dir}.
     */
    private static final class NginxHarness implements AutoCloseable {

        private static final HttpClient CLIENT = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        private final Path dir;
        private final int port;
        private Process process;

        private NginxHarness(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        /** {@code commandServers} and {@code queryServers}: what follows "server " in each upstream block. */
        static NginxHarness write(Path dir, String commandServers, String queryServers) throws IOException {
            int port = freePort();
            String conf = Files.readString(ROOT.resolve(NGINX_CONF));
            conf = replaceOnce(conf, "server\\s+engine-command:8080[^;]*;", "server " + commandServers + ";");
            conf = replaceOnce(conf, "server\\s+engine-query:8080[^;]*;", "server " + queryServers + ";");
            conf = replaceOnce(conf, "listen\\s+8080;", "listen 127.0.0.1:" + port + ";");
            Files.writeString(dir.resolve("default.conf"), conf);
            Files.createDirectories(dir.resolve("logs"));
            String main = String.join(
                    "\n",
                    "worker_processes 1;",
                    "daemon off;",
                    "pid " + dir.resolve("nginx.pid") + ";",
                    "error_log stderr warn;",
                    "events { worker_connections 64; }",
                    "http {",
                    "  access_log off;",
                    "  client_body_temp_path " + dir.resolve("body") + ";",
                    "  proxy_temp_path " + dir.resolve("proxy") + ";",
                    "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                    "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                    "  scgi_temp_path " + dir.resolve("scgi") + ";",
                    "  include " + dir.resolve("default.conf") + ";",
                    "}",
                    "");
            Files.writeString(dir.resolve("nginx.conf"), main);
            return new NginxHarness(dir, port);
        }

        private static String replaceOnce(String text, String regex, String replacement) {
            Matcher matcher = Pattern.compile(regex).matcher(text);
            assertThat(matcher.results().count())
                    .as("%s holds /%s/ once (the harness replaces it)", NGINX_CONF, regex)
                    .isEqualTo(1);
            return Pattern.compile(regex).matcher(text).replaceFirst(Matcher.quoteReplacement(replacement));
        }

        Path mainConfig() {
            return dir.resolve("nginx.conf");
        }

        NginxHarness start() throws IOException, InterruptedException {
            process = new ProcessBuilder(
                            "nginx",
                            "-e",
                            "stderr",
                            "-p",
                            dir.toString(),
                            "-c",
                            mainConfig().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs").resolve("nginx.out").toFile())
                    .start();
            Instant deadline = Instant.now().plusSeconds(15);
            while (true) {
                try {
                    if (send(HttpRequest.newBuilder(uri("/healthz")).GET()).statusCode() == 200) {
                        return this;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    fail("nginx did not start: "
                            + Files.readString(dir.resolve("logs").resolve("nginx.out")));
                }
                Thread.sleep(100);
            }
        }

        URI uri(String pathAndQuery) {
            return URI.create("http://localhost:" + port + pathAndQuery);
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> send(String methodAndPath) throws IOException, InterruptedException {
            String[] parts = methodAndPath.split(" ", 2);
            HttpRequest.BodyPublisher body = Set.of("POST", "PUT", "PATCH").contains(parts[0])
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody();
            return send(HttpRequest.newBuilder(uri(parts[1])).method(parts[0], body));
        }

        /** "command" or "query" (the backend that answered), or "none" for nginx's own 404. */
        String roleAnswering(String methodAndPath) throws IOException, InterruptedException {
            HttpResponse<String> response = send(methodAndPath);
            String role = response.headers().firstValue("X-Role").orElse(null);
            if (role == null) {
                assertThat(response.statusCode())
                        .as("%s answered by nginx itself", methodAndPath)
                        .isEqualTo(404);
                return "none";
            }
            assertThat(response.statusCode()).as(methodAndPath).isEqualTo(200);
            return role;
        }

        int status(String methodAndPath) throws IOException, InterruptedException {
            return send(methodAndPath).statusCode();
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** A stand-in node: answers 200 to anything, with {@code X-Role: <role>}, and keeps the last request. */
    private static final class Backend implements AutoCloseable {

        private final com.sun.net.httpserver.HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();
        private volatile Map<String, String> lastHeaders = Map.of();
        private volatile String lastBody = "";

        private Backend(com.sun.net.httpserver.HttpServer server) {
            this.server = server;
        }

        static Backend start(String role) throws IOException {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Backend backend = new Backend(server);
            server.createContext("/", exchange -> {
                backend.requests.incrementAndGet();
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
                backend.lastHeaders = headers;
                try (InputStream in = exchange.getRequestBody()) {
                    backend.lastBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                byte[] body = (role + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Role", role);
                boolean head = "HEAD".equals(exchange.getRequestMethod());
                exchange.sendResponseHeaders(200, head ? -1 : body.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
            return backend;
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        /** An upstream server line's argument for this node, with the shipped file's failure settings. */
        String upstream() {
            return address() + " max_fails=3 fail_timeout=10s";
        }

        int requests() {
            return requests.get();
        }

        Map<String, String> lastHeaders() {
            return lastHeaders;
        }

        String lastBody() {
            return lastBody;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A node that takes a request's bytes and closes the connection without answering. */
    private static final class HangingUp implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread thread;

        private HangingUp(ServerSocket socket) {
            this.socket = socket;
            this.thread = new Thread(this::serve, "hanging-up-node");
            this.thread.setDaemon(true);
        }

        static HangingUp start() throws IOException {
            HangingUp node = new HangingUp(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()));
            node.thread.start();
            return node;
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    byte[] buffer = new byte[8192];
                    StringBuilder head = new StringBuilder();
                    int read;
                    while (head.indexOf("\r\n\r\n") < 0 && (read = in.read(buffer)) > 0) {
                        head.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                    }
                    if (head.length() > 0) {
                        requests.incrementAndGet();
                    }
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
