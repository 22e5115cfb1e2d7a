package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.platform.problem.ProblemAdvice;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import com.opportunityengine.testing.http.EngineHttp;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Authentication and authorisation of the standalone engine over HTTP: every endpoint the code
 * has × every role (and no key, a bad key) → 2xx / 403 / 401; what reps and managers see in
 * lists, counts and totals; revocation; the recorded actor; keys stored only as hashes; the
 * bootstrap key file's mode.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "engine.query.min-version-timeout=5s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext // its engine (processors polling the store) would otherwise keep running beside the next ITs' engines
class SecurityIT {

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("security-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    /** The callers of the matrix: one user per role, no key, a made-up key. */
    enum Caller {
        ADMIN,
        SALES_REP,
        SALES_MANAGER,
        ANALYST,
        AUDITOR,
        SERVICE,
        NO_KEY,
        BAD_KEY
    }

    static final Set<Caller> WRITERS = Set.of(Caller.ADMIN, Caller.SERVICE, Caller.SALES_REP, Caller.SALES_MANAGER);
    static final Set<Caller> VIEW_READERS = Set.of(
            Caller.ADMIN, Caller.SERVICE, Caller.SALES_REP, Caller.SALES_MANAGER, Caller.ANALYST, Caller.AUDITOR);
    static final Set<Caller> ANALYTICS = Set.of(Caller.ADMIN, Caller.ANALYST, Caller.SALES_REP, Caller.SALES_MANAGER);
    static final Set<Caller> AUDIT = Set.of(Caller.ADMIN, Caller.AUDITOR);
    static final Set<Caller> ADMIN = Set.of(Caller.ADMIN);

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    EngineHttp admin;
    final Map<Caller, EngineHttp> callers = new EnumMap<>(Caller.class);
    final List<String> issuedKeys = new ArrayList<>();
    String sharedCustomer;
    String sharedOpportunity;

    @BeforeAll
    void usersOfEveryRole() {
        admin = new EngineHttp(port, data);
        callers.put(Caller.ADMIN, admin);
        callers.put(Caller.SALES_REP, userWithKey("m.rep", "SALES_REP", "m-north"));
        callers.put(Caller.SALES_MANAGER, userWithKey("m.manager", "SALES_MANAGER", "m-north"));
        callers.put(Caller.ANALYST, userWithKey("m.analyst", "ANALYST", null));
        callers.put(Caller.AUDITOR, userWithKey("m.auditor", "AUDITOR", null));
        callers.put(Caller.SERVICE, userWithKey("m.service", "SERVICE", null));
        callers.put(Caller.NO_KEY, new EngineHttp(port));
        callers.put(Caller.BAD_KEY, new EngineHttp(port, "oe_0123456789abcdef_" + "A".repeat(43)));
        createUser("m.rep2", "SALES_REP", "m-north");
        createUser("m.spare", "ANALYST", null);
        sharedCustomer = customer(admin);
        sharedOpportunity = opportunity(admin, "m.rep", sharedCustomer);
        admin.getUntil("/api/customers/" + sharedCustomer + "/behavior", reply -> reply.status() == 200);
        admin.getUntil("/api/opportunities/" + sharedOpportunity, reply -> reply.status() == 200);
        admin.getUntil("/api/opportunities/" + sharedOpportunity + "/win-probability", reply -> reply.status() == 200);
    }

    // ---- the role × endpoint matrix ---------------------------------------------------------------

    /** One endpoint: how to make a path (and the state it needs), its body, and who may call it. */
    record Endpoint(String method, Function<SecurityIT, String> path, String body, Set<Caller> allowed) {}

    static Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> all = new java.util.LinkedHashMap<>();
        all.put("GET users", new Endpoint("GET", t -> "/api/admin/users", null, ADMIN));
        all.put(
                "POST users",
                new Endpoint("POST", t -> "/api/admin/users", null, ADMIN)); // body made per call (a fresh user id)
        all.put("POST api-keys", new Endpoint("POST", t -> "/api/admin/users/m.spare/api-keys", null, ADMIN));
        all.put("DELETE api-key", new Endpoint("DELETE", t -> "/api/admin/api-keys/" + t.spareKeyId(), null, ADMIN));
        all.put("GET projections", new Endpoint("GET", t -> "/api/admin/projections", null, ADMIN));
        all.put("POST replay", new Endpoint("POST", t -> "/api/admin/projections/customers/replay", null, ADMIN));
        all.put(
                "GET dead-letters",
                new Endpoint("GET", t -> "/api/admin/projections/customers/dead-letters", null, ADMIN));
        all.put("GET actuator info", new Endpoint("GET", t -> "/actuator/info", null, ADMIN));
        all.put("GET metrics", new Endpoint("GET", t -> "/actuator/metrics", null, ADMIN));
        all.put(
                "GET audit events",
                new Endpoint("GET", t -> "/api/audit/opportunities/" + t.sharedOpportunity + "/events", null, AUDIT));
        all.put(
                "GET audit state",
                new Endpoint(
                        "GET",
                        t -> "/api/audit/opportunities/" + t.sharedOpportunity + "/state?version=0",
                        null,
                        AUDIT));
        all.put(
                "GET audit verify",
                new Endpoint("GET", t -> "/api/audit/opportunities/" + t.sharedOpportunity + "/verify", null, AUDIT));
        all.put("GET audit log", new Endpoint("GET", t -> "/api/audit/events?limit=1", null, AUDIT));
        all.put("GET audit head", new Endpoint("GET", t -> "/api/audit/head", null, AUDIT));
        all.put("GET audit head verify", new Endpoint("GET", SecurityIT::headVerify, null, AUDIT));
        all.put("POST customers", new Endpoint("POST", t -> "/api/customers", "{\"name\": \"Matrix Ltd\"}", WRITERS));
        all.put(
                "PATCH customer",
                new Endpoint("PATCH", t -> "/api/customers/" + t.sharedCustomer, "{\"region\": \"North\"}", WRITERS));
        all.put("POST opportunities", new Endpoint("POST", t -> "/api/opportunities", """
                {"title": "Matrix", "source": "web", "amount": {"value": "10.00", "currency": "CNY"},
                 "customer": {"name": "Matrix customer"}, "ownerId": "m.rep"}""", WRITERS));
        all.put("PATCH opportunity", new Endpoint("PATCH", t -> opp(t.fresh()), "{\"title\": \"Renamed\"}", WRITERS));
        all.put(
                "POST contacts",
                new Endpoint(
                        "POST",
                        t -> opp(t.fresh()) + "/contacts",
                        "{\"channel\": \"CALL\", \"direction\": \"OUTBOUND\", \"summary\": \"intro\"}",
                        WRITERS));
        all.put("POST tasks", new Endpoint("POST", t -> opp(t.fresh()) + "/tasks", """
                {"assigneeId": "m.rep", "dueAt": "2030-03-01T09:30:00Z", "type": "CALL", "description": "call"}""", WRITERS));
        all.put("POST complete task", new Endpoint("POST", SecurityIT::withTask, "{\"outcome\": \"done\"}", WRITERS));
        all.put(
                "POST stage",
                new Endpoint("POST", t -> opp(t.fresh()) + "/stage", "{\"stage\": \"negotiation\"}", WRITERS));
        all.put(
                "PUT owner",
                new Endpoint(
                        "PUT",
                        t -> opp(t.fresh()) + "/owner",
                        "{\"ownerId\": \"m.rep2\"}",
                        Set.of(Caller.ADMIN, Caller.SERVICE, Caller.SALES_MANAGER)));
        all.put(
                "POST team",
                new Endpoint(
                        "POST",
                        t -> opp(t.fresh()) + "/team",
                        "{\"memberId\": \"m.helper\", \"role\": \"presales\"}",
                        WRITERS));
        all.put("DELETE team member", new Endpoint("DELETE", SecurityIT::withMember, null, WRITERS));
        all.put(
                "POST documents",
                new Endpoint(
                        "POST",
                        t -> opp(t.fresh()) + "/documents",
                        "{\"name\": \"Quote\", \"uri\": \"https://docs.example.com/q.pdf\"}",
                        WRITERS));
        all.put("POST lose", new Endpoint("POST", t -> opp(t.fresh()) + "/lose", "{\"reason\": \"price\"}", WRITERS));
        all.put("POST reopen", new Endpoint("POST", SecurityIT::lost, "{\"reason\": \"back\"}", WRITERS));
        all.put("POST convert", new Endpoint("POST", t -> opp(t.fresh()) + "/convert", """
                {"expectedAmount": {"value": "10.00", "currency": "CNY"}, "expectedCloseDate": "2030-12-31"}""", WRITERS));
        all.put("POST close deal", new Endpoint("POST", SecurityIT::deal, "{\"outcome\": \"BOOKED\"}", WRITERS));
        all.put("GET opportunities", new Endpoint("GET", t -> "/api/opportunities", null, VIEW_READERS));
        all.put(
                "GET opportunity",
                new Endpoint("GET", t -> opp(t.sharedOpportunity) + "?minVersion=0", null, VIEW_READERS));
        all.put(
                "GET timeline",
                new Endpoint("GET", t -> opp(t.sharedOpportunity) + "/timeline?minVersion=0", null, VIEW_READERS));
        all.put("GET tasks", new Endpoint("GET", t -> "/api/tasks", null, VIEW_READERS));
        all.put("GET pipeline", new Endpoint("GET", t -> "/api/pipeline", null, ANALYTICS));
        all.put("GET funnel", new Endpoint("GET", t -> "/api/funnel", null, ANALYTICS));
        all.put(
                "GET funnel flow",
                new Endpoint("GET", t -> "/api/funnel/flow?from=2026-01-01&to=2026-02-01", null, ANALYTICS));
        all.put(
                "GET behaviour",
                new Endpoint("GET", t -> "/api/customers/" + t.sharedCustomer + "/behavior", null, ANALYTICS));
        all.put("GET pipelines", new Endpoint("GET", t -> "/api/pipelines", null, VIEW_READERS));
        all.put("POST pipelines", new Endpoint("POST", t -> "/api/pipelines", """
                {"id": "matrix", "name": "Matrix", "stages": [{"code": "one", "name": "One", "defaultProbability": 0.2}]}""", ADMIN));
        all.put(
                "GET win-probability model",
                new Endpoint("GET", t -> "/api/win-probability/model", null, Set.of(Caller.ADMIN, Caller.ANALYST)));
        all.put(
                "GET win-probability backtest",
                new Endpoint(
                        "GET",
                        t -> "/api/win-probability/backtest?cutoff=2026-01-01T00:00:00Z",
                        null,
                        Set.of(Caller.ADMIN, Caller.ANALYST)));
        all.put(
                "GET opportunity win-probability",
                new Endpoint("GET", t -> opp(t.sharedOpportunity) + "/win-probability", null, ANALYTICS));
        all.put(
                "GET workload",
                new Endpoint(
                        "GET",
                        t -> "/api/assignment/workload?teamId=m-north",
                        null,
                        Set.of(Caller.ADMIN, Caller.ANALYST, Caller.SALES_MANAGER)));
        Set<Caller> templateEditors = Set.of(Caller.ADMIN, Caller.SALES_MANAGER);
        all.put("POST email-templates", new Endpoint("POST", t -> "/api/email-templates", TEMPLATE, templateEditors));
        all.put("GET email-templates", new Endpoint("GET", t -> "/api/email-templates", null, templateEditors));
        all.put(
                "GET email-template",
                new Endpoint("GET", t -> "/api/email-templates/" + t.template(), null, templateEditors));
        all.put(
                "POST email-sequences",
                new Endpoint(
                        "POST",
                        t -> "/api/email-sequences",
                        null, // body made per call (the template's id)
                        templateEditors));
        all.put("GET email-sequences", new Endpoint("GET", t -> "/api/email-sequences", null, templateEditors));
        all.put(
                "GET email-sequence",
                new Endpoint("GET", t -> "/api/email-sequences/" + t.sequence(), null, templateEditors));
        all.put(
                "POST opportunity sequence",
                new Endpoint(
                        "POST",
                        t -> opp(t.fresh()) + "/sequence",
                        null, // body made per call (the sequence's id)
                        WRITERS));
        all.put(
                "DELETE opportunity sequence",
                new Endpoint("DELETE", t -> opp(t.enrolled()) + "/sequence", null, WRITERS));
        all.put(
                "POST opportunity emails",
                new Endpoint(
                        "POST",
                        t -> opp(t.fresh()) + "/emails",
                        null, // body made per call (the template's id)
                        WRITERS));
        all.put(
                "GET opportunity emails",
                new Endpoint("GET", t -> opp(t.sharedOpportunity) + "/emails", null, WRITERS));
        all.put(
                "POST email inbound",
                new Endpoint(
                        "POST",
                        t -> "/api/email/inbound",
                        "From: a@b.example\r\nSubject: hello\r\n\r\nhi\r\n",
                        Set.of(Caller.ADMIN, Caller.SERVICE)));
        all.put("GET unlisted path", new Endpoint("GET", t -> "/api/not-listed-yet", null, Set.of()));
        return all;
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        endpoints().forEach((name, endpoint) -> {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(name, caller));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void everyEndpointAnswersEveryRoleAsTheMatrixSays(String name, Caller caller) {
        Endpoint endpoint = endpoints().get(name);
        String path = endpoint.path().apply(this);
        String body = name.equals("POST users")
                ? "{\"userId\": \"u-" + UUID.randomUUID() + "\", \"displayName\": \"New\", \"roles\": [\"ANALYST\"]}"
                : name.equals("POST opportunity emails")
                        ? "{\"templateId\": \"" + template() + "\", \"to\": \"matrix@tea.example\"}"
                        : name.equals("POST email-sequences")
                                ? sequenceBody()
                                : name.equals("POST opportunity sequence")
                                        ? "{\"sequenceId\": \"" + sequence() + "\"}"
                                        : endpoint.body();
        if (body == null && endpoint.method().equals("POST")) {
            body = "{}";
        }
        EngineHttp.Reply reply = callers.get(caller).send(endpoint.method(), path, body);
        if (caller == Caller.NO_KEY || caller == Caller.BAD_KEY) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(reply.header("Content-Type")).contains("application/problem+json");
        } else if (endpoint.allowed().contains(caller)) {
            assertThat(reply.status()).as(reply.toString()).isBetween(200, 299);
        } else if (name.equals("GET unlisted path") && caller == Caller.ADMIN) {
            assertThat(reply.status())
                    .as("an unlisted path is ADMIN-only, and then simply unknown")
                    .isEqualTo(404);
        } else {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
            assertThat(reply.header("Content-Type")).contains("application/problem+json");
        }
    }

    static final String TEMPLATE = """
            {"name": "Matrix", "locale": "en", "subject": "Hello {{customer.name}}", "text": "Hello"}""";

    private String template;

    /** An email template, saved once by the admin. */
    synchronized String template() {
        if (template == null) {
            EngineHttp.Reply saved = admin.post("/api/email-templates", TEMPLATE);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            template = saved.json().get("templateId").asText();
        }
        return template;
    }

    private String sequence;

    private String sequenceBody() {
        return "{\"name\": \"Matrix\", \"steps\": [{\"templateId\": \"" + template() + "\", \"delay\": \"P3D\"}]}";
    }

    /** An email sequence of the template, saved once by the admin. */
    synchronized String sequence() {
        if (sequence == null) {
            EngineHttp.Reply saved = admin.post("/api/email-sequences", sequenceBody());
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            sequence = saved.json().get("sequenceId").asText();
        }
        return sequence;
    }

    /** A fresh opportunity the admin enrolled in the sequence. */
    String enrolled() {
        String id = fresh();
        ok(admin.post(opp(id) + "/sequence", "{\"sequenceId\": \"" + sequence() + "\"}"));
        return id;
    }

    @Test
    void theUnsubscribeLinkNeedsNoKeyButItsToken() {
        EngineHttp anonymous = new EngineHttp(port);
        EngineHttp.Reply page = anonymous.get("/api/email/unsubscribe?token=forged.token");
        assertThat(page.status()).as(page.toString()).isEqualTo(400);
        assertThat(page.header("Content-Type")).contains("application/problem+json");
        assertThat(anonymous
                        .post("/api/email/unsubscribe?token=forged.token", "")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void healthAndTheApiDocumentNeedNoKey() {
        EngineHttp anonymous = new EngineHttp(port);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
    }

    // ---- metrics ----------------------------------------------------------------------------------

    @Test
    void everyRequestIsMeasuredRefusedOnesTooWhileTheFilterChainIsNotObserved() throws InterruptedException {
        assertThat(new EngineHttp(port).get("/api/tasks").status()).isEqualTo(401);
        assertThat(callers.get(Caller.ANALYST).get("/api/admin/users").status()).isEqualTo(403);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
        // the request's timer stops after the answer has left
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!measured("401", "403", "200") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(measured("401", "403", "200"))
                .as("http.server.requests by status")
                .isTrue();
        // Spring Security's own observations (per filter, per authorisation) are off: docs/security.md, "Metrics"
        assertThat(meters.getMeters())
                .extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security."));
    }

    private boolean measured(String... statuses) {
        return Stream.of(statuses)
                .allMatch(status -> meters.find("http.server.requests").tag("status", status).timers().stream()
                                .mapToLong(io.micrometer.core.instrument.Timer::count)
                                .sum()
                        > 0);
    }

    // ---- visibility: lists, counts, totals -----------------------------------------------------------

    @Test
    void repsSeeTheirOwnAndTheirTeamsManagersTheirTeamsWithTotalsToMatch() {
        // team v-north: v.rep1, v.rep2 and their manager; v.rep3 is in v-south
        EngineHttp rep1 = userWithKey("v.rep1", "SALES_REP", "v-north");
        EngineHttp rep2 = userWithKey("v.rep2", "SALES_REP", "v-north");
        EngineHttp rep3 = userWithKey("v.rep3", "SALES_REP", "v-south");
        EngineHttp manager = userWithKey("v.manager", "SALES_MANAGER", "v-north");
        EngineHttp analyst = callers.get(Caller.ANALYST);
        String customer = customer(admin);
        String pipeline = "?pipeline=default";
        String o1 = created(rep1.post("/api/opportunities", body("v.rep1", customer, "100.00")));
        String o2 = created(rep1.post("/api/opportunities", body("v.rep1", customer, "50.00")));
        ok(rep1.post(opp(o2) + "/lose", "{\"reason\": \"price\"}"));
        String o3 = created(rep2.post("/api/opportunities", body("v.rep2", customer, "200.00")));
        ok(rep2.post(opp(o3) + "/team", "{\"memberId\": \"v.rep1\", \"role\": \"presales\"}"));
        String o4 = created(rep3.post("/api/opportunities", body("v.rep3", customer, "400.00")));
        ok(rep1.post(opp(o1) + "/tasks", task("v.rep1")));
        ok(rep3.post(opp(o4) + "/tasks", task("v.rep1")));

        // everything has reached the views (the admin sees all four with their last versions)
        admin.getUntil(opp(o3) + "?minVersion=1", reply -> reply.status() == 200);
        admin.getUntil(opp(o4) + "?minVersion=1", reply -> reply.status() == 200);
        admin.getUntil(opp(o2) + "?minVersion=1", reply -> reply.status() == 200);
        admin.getUntil(opp(o1) + "?minVersion=1", reply -> reply.status() == 200);
        // the timeline is a projection of its own, which may lag the views on a loaded machine
        admin.getUntil(opp(o3) + "/timeline", reply -> reply.status() == 200);
        admin.getUntil(
                "/api/customers/" + customer + "/behavior",
                reply -> reply.status() == 200
                        && reply.json().path("opportunities").path("total").asLong() == 4);

        // lists and their totals
        assertThat(ids(rep1.get("/api/opportunities?customerId=" + customer))).containsExactlyInAnyOrder(o1, o2, o3);
        assertThat(rep1.get("/api/opportunities?customerId=" + customer)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(3);
        assertThat(ids(rep2.get("/api/opportunities?customerId=" + customer))).containsExactly(o3);
        assertThat(ids(rep3.get("/api/opportunities?customerId=" + customer))).containsExactly(o4);
        assertThat(ids(manager.get("/api/opportunities?customerId=" + customer)))
                .containsExactlyInAnyOrder(o1, o2, o3);
        assertThat(manager.get("/api/opportunities?customerId=" + customer)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(3);
        assertThat(ids(analyst.get("/api/opportunities?customerId=" + customer)))
                .containsExactlyInAnyOrder(o1, o2, o3, o4);
        assertThat(rep1.get("/api/opportunities?owner=v.rep3")
                        .json()
                        .get("total")
                        .asLong())
                .isZero();

        // single reads: someone else's opportunity does not exist for a rep
        assertThat(rep1.get(opp(o4)).status()).isEqualTo(404);
        JsonNode hiddenBody = rep1.get(opp(o4)).json();
        JsonNode unknownBody = rep1.get(opp(UUID.randomUUID().toString())).json();
        assertThat(hiddenBody.path("type")).isEqualTo(unknownBody.path("type"));
        assertThat(hiddenBody.path("title")).isEqualTo(unknownBody.path("title"));
        assertThat(hiddenBody.path("detail").asText()).isEqualTo("there is no opportunity " + o4);
        assertThat(rep1.get(opp(o4) + "/timeline").status()).isEqualTo(404);
        assertThat(rep3.get(opp(o1)).status()).isEqualTo(404);
        assertThat(manager.get(opp(o4)).status()).isEqualTo(404);
        assertThat(rep1.get(opp(o3)).status()).isEqualTo(200);
        assertThat(manager.get(opp(o3) + "/timeline").status()).isEqualTo(200);

        // tasks: of the opportunities one sees (v.rep1's task on o4 is not theirs to see)
        assertThat(taskOpportunities(rep1.get("/api/tasks?assignee=v.rep1"))).containsExactly(o1);
        assertThat(taskOpportunities(rep3.get("/api/tasks?assignee=v.rep1"))).containsExactly(o4);
        assertThat(taskOpportunities(analyst.get("/api/tasks?assignee=v.rep1"))).containsExactlyInAnyOrder(o1, o4);

        // customer behaviour over the opportunities one sees
        assertThat(behaviourTotal(rep1, customer)).isEqualTo(3);
        assertThat(behaviourTotal(manager, customer)).isEqualTo(3);
        assertThat(behaviourTotal(rep3, customer)).isEqualTo(1);
        assertThat(behaviourTotal(analyst, customer)).isEqualTo(4);

        // pipeline totals (open, per owner): v.rep1 owns o1 only; the manager sees o1 and o3
        JsonNode everything = admin.getUntil(
                        "/api/pipeline" + pipeline + "&owner=v.rep3",
                        reply -> reply.json().path("count").asLong() == 1)
                .json();
        assertThat(everything.path("count").asLong()).isEqualTo(1);
        JsonNode rep1Pipeline = rep1.getUntil(
                        "/api/pipeline" + pipeline, r -> r.json().path("count").asLong() == 1)
                .json();
        assertThat(rep1Pipeline.path("count").asLong()).isEqualTo(1);
        assertThat(rep1Pipeline.path("amounts").get(0).path("value").asText()).isEqualTo("100.00");
        JsonNode managerPipeline = manager.get("/api/pipeline" + pipeline).json();
        assertThat(managerPipeline.path("count").asLong()).isEqualTo(2);
        assertThat(managerPipeline.path("amounts").get(0).path("value").asText())
                .isEqualTo("300.00");
        assertThat(rep3.get("/api/pipeline" + pipeline).json().path("count").asLong())
                .isEqualTo(1);
        assertThat(rep1.get("/api/pipeline" + pipeline + "&owner=v.rep3")
                        .json()
                        .path("count")
                        .asLong())
                .isZero();

        // funnel: created per owner summed over the visible owners
        JsonNode rep1Funnel = rep1.getUntil(
                        "/api/funnel",
                        r -> r.json().path("overall").path("created").asLong() == 2)
                .json();
        assertThat(rep1Funnel.path("overall").path("created").asLong()).isEqualTo(2);
        assertThat(rep1Funnel.path("overall").path("lost").asLong()).isEqualTo(1);
        assertThat(manager.get("/api/funnel")
                        .json()
                        .path("overall")
                        .path("created")
                        .asLong())
                .isEqualTo(3);
        assertThat(rep3.get("/api/funnel")
                        .json()
                        .path("overall")
                        .path("created")
                        .asLong())
                .isEqualTo(1);
        assertThat(rep3.get("/api/funnel?owner=v.rep1")
                        .json()
                        .path("overall")
                        .path("created")
                        .asLong())
                .isZero();
    }

    // ---- command-side rules, on the aggregates' own state ----------------------------------------------

    @Test
    void commandsFollowOwnerAndTeamOnTheAggregate() {
        EngineHttp rep1 = userWithKey("c.rep1", "SALES_REP", "c-north");
        EngineHttp rep2 = userWithKey("c.rep2", "SALES_REP", "c-north");
        EngineHttp outsider = userWithKey("c.rep3", "SALES_REP", "c-south");
        EngineHttp manager = userWithKey("c.manager", "SALES_MANAGER", "c-north");
        EngineHttp otherManager = userWithKey("c.manager2", "SALES_MANAGER", "c-south");
        String customer = customer(rep1);

        // a rep creates only what they own
        EngineHttp.Reply forSomeoneElse = rep1.post("/api/opportunities", body("c.rep2", customer, "10.00"));
        assertThat(forSomeoneElse.status()).as(forSomeoneElse.toString()).isEqualTo(403);
        assertThat(forSomeoneElse.header("Content-Type")).contains("application/problem+json");
        String mine = created(rep1.post("/api/opportunities", body("c.rep1", customer, "10.00")));

        // someone else's opportunity does not exist for a rep or another team's manager; it does for the team's manager
        EngineHttp.Reply hidden = outsider.post(opp(mine) + "/stage", "{\"stage\": \"negotiation\"}");
        EngineHttp.Reply unknown =
                outsider.post(opp(UUID.randomUUID().toString()) + "/stage", "{\"stage\": \"negotiation\"}");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.json().path("type")).isEqualTo(unknown.json().path("type"));
        assertThat(otherManager
                        .post(opp(mine) + "/stage", "{\"stage\": \"negotiation\"}")
                        .status())
                .isEqualTo(404);
        ok(manager.post(opp(mine) + "/stage", "{\"stage\": \"needs-confirmed\"}"));

        // a team member works on it; a rep never assigns owners; a manager only within the team
        ok(rep1.post(opp(mine) + "/team", "{\"memberId\": \"c.rep3\", \"role\": \"presales\"}"));
        ok(outsider.post(
                opp(mine) + "/contacts",
                "{\"channel\": \"CALL\", \"direction\": \"OUTBOUND\", \"summary\": \"as a member\"}"));
        assertThat(rep1.send("PUT", opp(mine) + "/owner", "{\"ownerId\": \"c.rep2\"}")
                        .status())
                .isEqualTo(403);
        assertThat(manager.send("PUT", opp(mine) + "/owner", "{\"ownerId\": \"c.rep3\"}")
                        .status())
                .isEqualTo(403);
        ok(manager.send("PUT", opp(mine) + "/owner", "{\"ownerId\": \"c.rep2\"}"));
        // ownership moved at once (the aggregate's state, not a view): c.rep1 no longer sees it, c.rep2 does
        assertThat(rep1.post(opp(mine) + "/stage", "{\"stage\": \"negotiation\"}")
                        .status())
                .isEqualTo(404);
        ok(rep2.post(opp(mine) + "/stage", "{\"stage\": \"negotiation\"}"));

        // deals: the owner and the team's manager close them, nobody else
        String dealId = UUID.randomUUID().toString();
        EngineHttp.Reply converted = rep2.post(
                opp(mine) + "/convert",
                "{\"dealId\": \"" + dealId + "\","
                        + " \"expectedAmount\": {\"value\": \"10.00\", \"currency\": \"CNY\"}, \"expectedCloseDate\": \"2030-01-31\"}");
        assertThat(converted.status()).as(converted.toString()).isEqualTo(201);
        assertThat(rep1.post("/api/deals/" + dealId + "/close", "{\"outcome\": \"BOOKED\"}")
                        .status())
                .isEqualTo(404);
        assertThat(otherManager
                        .post("/api/deals/" + dealId + "/close", "{\"outcome\": \"BOOKED\"}")
                        .status())
                .isEqualTo(404);
        ok(manager.post("/api/deals/" + dealId + "/close", "{\"outcome\": \"BOOKED\"}"));
    }

    // ---- one problem for a missing opportunity, whichever side answers ----------------------------------

    /**
     * An unknown opportunity answers the same problem from the query side (a read) and from the command
     * side (a command on it), and one the caller may not see answers it too: the same bytes but for the id
     * the detail names and the path {@code instance} names.
     */
    @Test
    void aMissingOrHiddenOpportunityIsTheSameProblemOnBothSides() {
        EngineHttp rep = userWithKey("p.rep", "SALES_REP", "p-north");
        EngineHttp other = userWithKey("p.other", "SALES_REP", "p-south");
        String hidden = created(other.post("/api/opportunities", body("p.other", null, "10.00")));
        admin.getUntil(opp(hidden), reply -> reply.status() == 200); // the views know it: the filter hides it
        String unknown = UUID.randomUUID().toString();

        EngineHttp.Reply readUnknown = rep.get(opp(unknown));
        EngineHttp.Reply commandUnknown = rep.post(opp(unknown) + "/stage", "{\"stage\": \"negotiation\"}");
        EngineHttp.Reply readHidden = rep.get(opp(hidden));
        EngineHttp.Reply commandHidden = rep.post(opp(hidden) + "/stage", "{\"stage\": \"negotiation\"}");

        for (EngineHttp.Reply reply : List.of(readUnknown, commandUnknown, readHidden, commandHidden)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        }
        JsonNode problem = readUnknown.json();
        assertThat(problem.path("type").asText()).isEqualTo("urn:opportunity-engine:problem:opportunity-not-found");
        assertThat(problem.path("title").asText()).isEqualTo("Opportunity not found");
        assertThat(problem.path("code").asText()).isEqualTo("OPPORTUNITY_NOT_FOUND");
        assertThat(problem.path("detail").asText()).isEqualTo("there is no opportunity " + unknown);
        String expected = withoutInstance(readUnknown.body());
        assertThat(withoutInstance(commandUnknown.body())).isEqualTo(expected);
        assertThat(withoutInstance(readHidden.body()).replace(hidden, unknown)).isEqualTo(expected);
        assertThat(withoutInstance(commandHidden.body()).replace(hidden, unknown))
                .isEqualTo(expected);
        assertThat(readHidden.json().path("instance").asText()).isEqualTo(opp(hidden));
        assertThat(commandHidden.json().path("instance").asText()).isEqualTo(opp(hidden) + "/stage");
    }

    /**
     * Nothing a rep sends tells a hidden opportunity from an unknown id: a wrong {@code If-Match} is 404 like an
     * unknown id (the version is checked after the access check), and {@code minVersion} waits and answers like it.
     */
    @Test
    void neitherAVersionNorAWaitRevealsAHiddenOpportunity() {
        EngineHttp rep = userWithKey("h.rep", "SALES_REP", "h-north");
        EngineHttp other = userWithKey("h.other", "SALES_REP", "h-south");
        String hidden = created(other.post("/api/opportunities", body("h.other", null, "10.00")));
        ok(other.post(
                opp(hidden) + "/contacts",
                "{\"channel\": \"CALL\", \"direction\": \"OUTBOUND\", \"summary\": \"first call\"}"));
        admin.getUntil(opp(hidden) + "/timeline?minVersion=1", reply -> reply.status() == 200);
        admin.getUntil(opp(hidden), reply -> reply.status() == 200);
        String unknown = UUID.randomUUID().toString();

        for (String version : List.of("\"0\"", "\"7\"")) {
            EngineHttp.Reply toUnknown =
                    rep.post(opp(unknown) + "/stage", "{\"stage\": \"negotiation\"}", "If-Match", version);
            EngineHttp.Reply toHidden =
                    rep.post(opp(hidden) + "/stage", "{\"stage\": \"negotiation\"}", "If-Match", version);
            assertThat(toHidden.status()).as(toHidden.toString()).isEqualTo(404);
            assertThat(withoutInstance(toHidden.body()).replace(hidden, unknown))
                    .isEqualTo(withoutInstance(toUnknown.body()));
        }
        // the owner's stale version is still a 412
        EngineHttp.Reply stale =
                other.post(opp(hidden) + "/stage", "{\"stage\": \"negotiation\"}", "If-Match", "\"7\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);

        for (String path : List.of("", "/timeline")) {
            EngineHttp.Reply waitUnknown = rep.get(opp(unknown) + path + "?minVersion=0");
            EngineHttp.Reply waitHidden = rep.get(opp(hidden) + path + "?minVersion=0");
            assertThat(waitHidden.status()).as(waitHidden.toString()).isEqualTo(waitUnknown.status());
            assertThat(waitHidden.json().path("type").asText())
                    .isEqualTo(waitUnknown.json().path("type").asText());
            assertThat(waitHidden.json().has("properties")).isFalse();
        }
        // naming it as related is refused as an unknown id is, on a create and on an update
        String mine = created(rep.post("/api/opportunities", body("h.rep", null, "5.00")));
        for (String related : List.of(hidden, unknown)) {
            String create = body("h.rep", null, "5.00")
                    .replace("\"title\"", "\"relatedOpportunityIds\": [\"" + related + "\"], \"title\"");
            EngineHttp.Reply created = rep.post("/api/opportunities", create);
            EngineHttp.Reply updated =
                    rep.send("PATCH", opp(mine), "{\"relatedOpportunityIds\": [\"" + related + "\"]}");
            for (EngineHttp.Reply reply : List.of(created, updated)) {
                assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
                assertThat(reply.json().path("detail").asText()).isEqualTo("there is no opportunity " + related);
            }
        }
        // the owner relates it to one of theirs as before, but not to the rep's
        String theirs = created(other.post("/api/opportunities", body("h.other", null, "6.00")));
        ok(other.send("PATCH", opp(hidden), "{\"relatedOpportunityIds\": [\"" + theirs + "\"]}"));
        assertThat(other.send("PATCH", opp(hidden), "{\"relatedOpportunityIds\": [\"" + mine + "\"]}")
                        .status())
                .isEqualTo(404);
        assertThat(rep.get(opp(hidden)).json().has("properties")).isFalse();
        assertThat(rep.post(opp(hidden) + "/stage", "{\"stage\": \"negotiation\"}")
                        .json()
                        .has("properties"))
                .isFalse();
    }

    private static String withoutInstance(String body) {
        return body.replaceAll(",\"instance\":\"[^\"]*\"", "");
    }

    /**
     * The platform's advice is the engine's one advice, and no other (Spring Boot's own problem advice stays
     * out; springdoc's maps only its own resource's exception) handles anything the engine raises.
     */
    @Test
    void oneAdviceAnswersForBothSides() {
        List<ControllerAdviceBean> advices = ControllerAdviceBean.findAnnotatedBeans(context);
        assertThat(advices)
                .filteredOn(advice -> advice.getBeanType().getName().startsWith("com.opportunityengine."))
                .extracting(ControllerAdviceBean::getBeanType)
                .containsExactly(ProblemAdvice.class);
        assertThat(context.getBeansOfType(ResponseEntityExceptionHandler.class).values())
                .singleElement()
                .isInstanceOf(ProblemAdvice.class);
        List<Class<? extends Throwable>> raised = List.of(
                Exception.class,
                RuntimeException.class,
                ErrorResponseException.class,
                BusinessRuleException.class,
                CommandExecutionException.class,
                HttpMessageNotReadableException.class,
                MethodArgumentTypeMismatchException.class,
                HandlerMethodValidationException.class,
                MissingServletRequestParameterException.class,
                ConversionFailedException.class,
                ConstraintViolationException.class,
                NoResourceFoundException.class);
        for (ControllerAdviceBean advice : advices) {
            if (advice.getBeanType() == ProblemAdvice.class) {
                continue;
            }
            ExceptionHandlerMethodResolver handlers = new ExceptionHandlerMethodResolver(advice.getBeanType());
            for (Class<? extends Throwable> type : raised) {
                assertThat(handlers.resolveMethodByExceptionType(type))
                        .as(advice + " handles " + type)
                        .isNull();
            }
        }
    }

    @Test
    void everyEventRecordsTheAuthenticatedUserNeverTheBody() {
        EngineHttp rep = userWithKey("a.rep", "SALES_REP", null);
        String id = created(rep.post(
                "/api/opportunities",
                body("a.rep", null, "10.00").replace("\"ownerId\"", "\"actor\": \"mallory\", \"ownerId\"")));
        ok(rep.post(opp(id) + "/lose", "{\"reason\": \"price\", \"actor\": \"mallory\"}"));
        JsonNode events = callers.get(Caller.AUDITOR)
                .get("/api/audit/opportunities/" + id + "/events")
                .json();
        assertThat(events.path("items")).hasSize(2);
        events.path("items")
                .forEach(event -> assertThat(event.path("actor").asText()).isEqualTo("a.rep"));
    }

    @Test
    void anIdempotencyKeyIsItsCallersOwn() {
        EngineHttp first = userWithKey("i.rep1", "SALES_REP", null);
        EngineHttp second = userWithKey("i.rep2", "SALES_REP", null);
        String key = "shared-" + UUID.randomUUID();
        EngineHttp.Reply mine =
                first.send("POST", "/api/customers", "{\"name\": \"Same body\"}", "Idempotency-Key", key);
        EngineHttp.Reply again =
                first.send("POST", "/api/customers", "{\"name\": \"Same body\"}", "Idempotency-Key", key);
        EngineHttp.Reply theirs =
                second.send("POST", "/api/customers", "{\"name\": \"Same body\"}", "Idempotency-Key", key);
        assertThat(again.json().get("customerId")).isEqualTo(mine.json().get("customerId"));
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("customerId")).isNotEqualTo(mine.json().get("customerId"));
    }

    // ---- keys -------------------------------------------------------------------------------------

    @Test
    void aRevokedKeyIsRefusedOnTheNextRequest() {
        createUser("r.analyst", "ANALYST", null);
        JsonNode issued =
                admin.post("/api/admin/users/r.analyst/api-keys", null).json();
        EngineHttp analyst = new EngineHttp(port, issued.get("key").asText());
        assertThat(analyst.get("/api/opportunities").status()).isEqualTo(200);
        assertThat(admin.send(
                                "DELETE",
                                "/api/admin/api-keys/" + issued.get("keyId").asText(),
                                null)
                        .status())
                .isEqualTo(204);
        EngineHttp.Reply refused = analyst.get("/api/opportunities");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(admin.send("DELETE", "/api/admin/api-keys/0000000000000000", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void keysAreStoredOnlyAsHashes() {
        List<String> keys = new ArrayList<>(issuedKeys);
        keys.add(EngineHttp.adminKey(data));
        assertThat(keys).hasSizeGreaterThan(3);
        List<Document> stored = database.getCollection("api_keys").find().into(new ArrayList<>());
        assertThat(stored).hasSizeGreaterThanOrEqualTo(keys.size());
        String everything = stored.stream().map(Document::toJson).reduce("", String::concat)
                + database.getCollection("users").find().into(new ArrayList<>()).toString();
        for (String key : keys) {
            String secret = key.substring("oe_".length() + 17);
            assertThat(key).matches("oe_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
            assertThat(everything).doesNotContain(key).doesNotContain(secret);
        }
    }

    /**
     * Issue 19 row 11, turned around: a second local process on the store's port, without the store's password
     * ({@code store.key}), can neither insert an ADMIN user and a key of its own nor read the key hashes; a guessed
     * password is refused. The same two documents written by a client that holds the password (the engine's own) do
     * make a working ADMIN key, so the refusal is what keeps the forged key out.
     */
    @Test
    void aSecondLocalProcessOnTheStorePortCannotInsertAnAdminUserAndKey() throws IOException {
        EmbeddedMongoServer store = context.getBean(EmbeddedMongoServer.class);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("store.key"))))
                .isEqualTo("rw-------");
        String secret = "S".repeat(43);
        String keyId = "00000000000000ff";
        String forgedKey = "oe_" + keyId + "_" + secret;
        Document intruder = new Document("_id", "intruder")
                .append("displayName", "Intruder")
                .append("roles", List.of("ADMIN"))
                .append("teamId", null)
                .append("createdAt", new java.util.Date());
        Document key = new Document("_id", keyId)
                .append("userId", "intruder")
                .append("secretSha256", java.util.HexFormat.of().formatHex(sha256(secret)))
                .append("createdAt", new java.util.Date())
                .append("revokedAt", null);

        for (String uri : List.of(
                "mongodb://127.0.0.1:" + store.port(),
                "mongodb://engine:" + "A".repeat(43) + "@127.0.0.1:" + store.port() + "/?authSource=admin")) {
            try (MongoClient other = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(uri))
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                    .build())) {
                MongoDatabase raw = other.getDatabase(database.getName());
                for (Runnable attempt : List.<Runnable>of(
                        () -> raw.getCollection("users").insertOne(intruder),
                        () -> raw.getCollection("api_keys").insertOne(key),
                        () -> raw.getCollection("api_keys").find().first())) {
                    RuntimeException refused = refusedBy(attempt);
                    MongoCommandException cause = refused instanceof MongoCommandException command
                            ? command
                            : (MongoCommandException) refused.getCause();
                    assertThat(cause.getErrorCode()).as(uri + ": " + refused).isIn(13, 18);
                }
            }
        }
        assertThat(database.getCollection("users").countDocuments(new Document("_id", "intruder")))
                .isZero();
        assertThat(new EngineHttp(port, forgedKey).get("/api/admin/users").status())
                .isEqualTo(401);

        // the control: with the store's password the same documents are an ADMIN key
        database.getCollection("users").insertOne(intruder);
        database.getCollection("api_keys").insertOne(key);
        try {
            assertThat(new EngineHttp(port, forgedKey).get("/api/admin/users").status())
                    .isEqualTo(200);
        } finally {
            assertThat(admin.send("DELETE", "/api/admin/api-keys/" + keyId, null)
                            .status())
                    .isEqualTo(204);
            database.getCollection("users").deleteOne(new Document("_id", "intruder"));
        }
    }

    private static RuntimeException refusedBy(Runnable attempt) {
        try {
            attempt.run();
        } catch (MongoCommandException | MongoSecurityException refused) {
            return refused;
        }
        throw new AssertionError("the store took a command from a client without its password");
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theBootstrapKeyFileIsOwnerOnlyAndHoldsAWorkingAdminKey() throws IOException {
        Path file = data.resolve("admin.key");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(new EngineHttp(port, Files.readString(file).trim())
                        .get("/api/admin/users")
                        .status())
                .isEqualTo(200);
        JsonNode users = admin.get("/api/admin/users").json().path("items");
        assertThat(users.findValuesAsText("userId")).contains("admin");
    }

    @Test
    void theAdminApiAnswersBadInputUnknownUsersAndDuplicatesWithProblems() {
        EngineHttp.Reply invalid = admin.post(
                "/api/admin/users", "{\"userId\": \"bad id!\", \"displayName\": \"\", \"roles\": [\"KING\"]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).contains("application/problem+json");
        assertThat(invalid.json().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("userId", "displayName", "roles");
        assertThat(admin.post("/api/admin/users/nobody-here/api-keys", null).status())
                .isEqualTo(404);
        EngineHttp.Reply duplicate = admin.post(
                "/api/admin/users", "{\"userId\": \"m.rep\", \"displayName\": \"Again\", \"roles\": [\"SALES_REP\"]}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.header("Content-Type")).contains("application/problem+json");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void createUser(String userId, String role, String team) {
        String teamField = team == null ? "" : ", \"teamId\": \"" + team + "\"";
        EngineHttp.Reply reply = admin.post(
                "/api/admin/users",
                "{\"userId\": \"" + userId + "\", \"displayName\": \"" + userId + "\", \"roles\": [\"" + role + "\"]"
                        + teamField + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private EngineHttp userWithKey(String userId, String role, String team) {
        createUser(userId, role, team);
        EngineHttp.Reply issued = admin.post("/api/admin/users/" + userId + "/api-keys", null);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String key = issued.json().get("key").asText();
        issuedKeys.add(key);
        return new EngineHttp(port, key);
    }

    static String headVerify(SecurityIT t) {
        JsonNode head = t.admin.get("/api/audit/head").json();
        return "/api/audit/head/verify?position=" + head.path("position").asLong() + "&hash="
                + (head.path("hash").isNull() ? "" : head.path("hash").asText());
    }

    String spareKeyId() {
        return admin.post("/api/admin/users/m.spare/api-keys", null)
                .json()
                .get("keyId")
                .asText();
    }

    private static String customer(EngineHttp http) {
        return created(http.post("/api/customers", "{\"name\": \"ACME " + UUID.randomUUID() + "\"}"), "customerId");
    }

    private static String opportunity(EngineHttp http, String owner, String customer) {
        return created(http.post("/api/opportunities", body(owner, customer, "1000.00")));
    }

    /** A fresh opportunity owned by the matrix's rep (in the matrix manager's team), made by the admin. */
    String fresh() {
        return opportunity(admin, "m.rep", null);
    }

    static String withTask(SecurityIT t) {
        String id = t.fresh();
        String taskId = UUID.randomUUID().toString();
        ok(t.admin.post(
                opp(id) + "/tasks",
                "{\"taskId\": \"" + taskId + "\", " + task("m.rep").substring(1)));
        return opp(id) + "/tasks/" + taskId + "/complete";
    }

    static String withMember(SecurityIT t) {
        String id = t.fresh();
        ok(t.admin.post(opp(id) + "/team", "{\"memberId\": \"m.helper\", \"role\": \"presales\"}"));
        return opp(id) + "/team/m.helper";
    }

    static String lost(SecurityIT t) {
        String id = t.fresh();
        ok(t.admin.post(opp(id) + "/lose", "{\"reason\": \"price\"}"));
        return opp(id) + "/reopen";
    }

    static String deal(SecurityIT t) {
        String id = t.fresh();
        String dealId = UUID.randomUUID().toString();
        EngineHttp.Reply converted = t.admin.post(
                opp(id) + "/convert",
                "{\"dealId\": \"" + dealId + "\","
                        + " \"expectedAmount\": {\"value\": \"10.00\", \"currency\": \"CNY\"}, \"expectedCloseDate\": \"2030-01-31\"}");
        assertThat(converted.status()).as(converted.toString()).isEqualTo(201);
        return "/api/deals/" + dealId + "/close";
    }

    static String opp(String id) {
        return "/api/opportunities/" + id;
    }

    static String body(String owner, String customer, String amount) {
        String customerField = customer == null
                ? "\"customer\": {\"name\": \"Inline " + UUID.randomUUID() + "\"}"
                : "\"customerId\": \"" + customer + "\"";
        return """
                {"title": "Probe", "source": "web", %s,
                 "amount": {"value": "%s", "currency": "CNY"}, "ownerId": "%s"}""".formatted(customerField, amount, owner);
    }

    static String task(String assignee) {
        return "{\"assigneeId\": \"" + assignee + "\", \"dueAt\": \"2030-03-01T09:30:00Z\", \"type\": \"CALL\","
                + " \"description\": \"call back\"}";
    }

    static String created(EngineHttp.Reply reply) {
        return created(reply, "opportunityId");
    }

    static String created(EngineHttp.Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get(field).asText();
    }

    static void ok(EngineHttp.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isBetween(200, 299);
    }

    static List<String> ids(EngineHttp.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("items").findValuesAsText("opportunityId");
    }

    static List<String> taskOpportunities(EngineHttp.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json()
                .path("items")
                .forEach(item -> ids.add(item.path("opportunityId").asText()));
        return ids;
    }

    static long behaviourTotal(EngineHttp http, String customer) {
        EngineHttp.Reply reply = http.get("/api/customers/" + customer + "/behavior");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("opportunities").path("total").asLong();
    }
}
