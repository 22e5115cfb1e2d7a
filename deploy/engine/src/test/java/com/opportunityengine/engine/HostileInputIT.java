package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile input over real HTTP against the standalone engine on the embedded store (issue 19, the input and HTTP
 * layer rows): each request is refused with a 4xx problem+json where the value enters, and nothing is appended.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "engine.query.min-version-timeout=2s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class HostileInputIT {

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("hostile-input-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    EngineHttp admin;
    RawHttp raw;
    String customer;
    String opportunity;

    @BeforeAll
    void engine() {
        admin = new EngineHttp(port, data);
        raw = new RawHttp(port, EngineHttp.adminKey(data));
        customer = created(admin.post("/api/customers", "{\"name\": \"ACME\"}"), "customerId");
        opportunity =
                created(admin.post("/api/opportunities", create(customerField(), "\"1000.00\"")), "opportunityId");
    }

    // ---- row 1: numbers are bounded where they are read ----------------------------------------------

    @Test
    void anAmountWithAHugeExponentIsRefusedWhereItIsRead() {
        long before = events();
        for (String amount :
                List.of("\"1e999999999\"", "1e999999999", "\"1e-999999999\"", "\"" + "9".repeat(150) + "\"")) {
            EngineHttp.Reply reply = admin.post("/api/opportunities", create(customerField(), amount));
            assertInvalid(reply, "amount.value");
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void anAmountOfFortyDigitsIsRefusedByTheAmountRule() {
        EngineHttp.Reply reply =
                admin.post("/api/opportunities", create(customerField(), "\"" + "9".repeat(40) + "\""));
        assertInvalid(reply, "amount");
    }

    // ---- row 3: malformed Unicode ---------------------------------------------------------------------

    @Test
    void aLoneSurrogateIsRefusedInEveryTextField() {
        long before = events();
        assertInvalid(
                admin.post(
                        "/api/opportunities", create(customerField(), "\"10\"").replace("\"Probe\"", "\"\\ud800\"")),
                "title");
        assertInvalid(admin.post(opp(opportunity) + "/contacts", """
                        {"channel": "CALL", "direction": "INBOUND", "summary": "x", "participants": ["a\\udc00"]}"""), "participants[0]");
        assertInvalid(admin.post("/api/customers", "{\"name\": \"\\udbff\"}"), "name");
        // a proper pair is text like any other
        assertThat(admin.post("/api/customers", "{\"name\": \"\\ud83d\\ude00\"}")
                        .status())
                .isEqualTo(201);
        assertThat(events()).isEqualTo(before + 1);
    }

    // ---- row 4: the audit export's cursor ----------------------------------------------------------------

    @Test
    void anExportAfterTheLastPossiblePositionIsEmpty() {
        EngineHttp.Reply reply = admin.get("/api/audit/events?after=" + Long.MAX_VALUE);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        EngineHttp.Reply near =
                admin.get("/api/audit/events?after=" + (Long.MAX_VALUE - 1) + "&limit=" + Long.MAX_VALUE);
        assertThat(near.status()).isEqualTo(200);
        assertThat(near.body()).isEmpty();
        assertInvalid(admin.get("/api/audit/events?after=-1"), "after");
        assertInvalid(admin.get("/api/audit/events?after=9223372036854775808"), "after");
    }

    // ---- row 6: business time ------------------------------------------------------------------------------

    @Test
    void instantsOutsideTheBusinessTimeRangeAreRefused() {
        long before = events();
        for (String at : List.of("-999999999-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "+1000000000-01-01T00:00:00Z")) {
            assertInvalid(
                    admin.post(
                            "/api/opportunities",
                            create(customerField(), "\"10\"", ", \"occurredAt\": \"" + at + "\"")),
                    "occurredAt");
            assertInvalid(admin.post(opp(opportunity) + "/tasks", """
                            {"assigneeId": "admin", "dueAt": "%s", "type": "CALL", "description": "x"}""".formatted(at)), "dueAt");
        }
        assertInvalid(
                admin.post(
                        "/api/opportunities",
                        create(customerField(), "\"10\"", ", \"expectedCloseDate\": \"0001-01-01\"")),
                "expectedCloseDate");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void queryTimesOutsideTheRangeAre400() {
        for (String at :
                List.of("+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "1000-01-01T00:00:00Z")) {
            assertInvalid(admin.get("/api/funnel?asOf=" + at), "asOf");
            assertInvalid(admin.get(opp(opportunity) + "/win-probability?asOf=" + at), "asOf");
            assertInvalid(admin.get("/api/win-probability/backtest?cutoff=" + at), "cutoff");
            assertInvalid(admin.get("/api/audit/opportunities/" + opportunity + "/state?asOf=" + at), "asOf");
        }
        assertInvalid(admin.get("/api/funnel?from=0001-01-01"), "from");
        EngineHttp.Reply hugeStep =
                admin.get("/api/win-probability/backtest?from=2026-01-01&to=2026-02-01&every=P999999999Y");
        assertThat(hugeStep.status()).as(hugeStep.toString()).isEqualTo(200);
    }

    // ---- row 14: loose input ----------------------------------------------------------------------------------

    @Test
    void wholeNumbersInParametersArePlainDecimal() {
        // Spring's own conversion reads 0x1 as hexadecimal and an empty value as no value
        assertInvalid(admin.get(opp(opportunity) + "?minVersion=0x1"), "minVersion");
        assertInvalid(admin.get(opp(opportunity) + "/timeline?minVersion=%231"), "minVersion");
        assertInvalid(admin.get("/api/opportunities?size="), "size");
        assertInvalid(admin.get("/api/opportunities?page=+1"), "page");
        assertInvalid(admin.get("/api/tasks?size=0x10"), "size");
        assertInvalid(admin.get("/api/audit/events?after=0x0"), "after");
        EngineHttp.Reply plain = admin.get("/api/opportunities?size=5&page=0");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    }

    @Test
    void aKeyTwiceInOneObjectIsMalformed() {
        long before = events();
        EngineHttp.Reply reply =
                admin.post("/api/opportunities", create(customerField(), "\"10\"", ", \"ownerId\": \"someone.else\""));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("type").asText()).endsWith(":malformed-json");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void numbersWithSpacesAndEmptyTimesAreRefused() {
        long before = events();
        assertInvalid(admin.post("/api/opportunities", create(customerField(), "\" 100 \"")), "amount.value");
        assertInvalid(
                admin.post("/api/opportunities", create(customerField(), "\"10\"", ", \"occurredAt\": \"\"")),
                "occurredAt");
        assertInvalid(
                admin.post("/api/opportunities", create(customerField(), "\"10\"", ", \"expectedCloseDate\": \"\"")),
                "expectedCloseDate");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void theSameJsonInOtherWhitespaceReplaysTheFirstAnswer() {
        String key = "ws-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        String compact = "{\"opportunityId\":\"" + id + "\","
                + create(customerField(), "\"10\"").substring(1);
        EngineHttp.Reply first = admin.post("/api/opportunities", compact, "Idempotency-Key", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String spaced = compact.replace(",", " ,\n  ").replace(":", " : ");
        EngineHttp.Reply again = admin.post("/api/opportunities", spaced, "Idempotency-Key", key);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        EngineHttp.Reply other =
                admin.post("/api/opportunities", spaced.replace("\"10\"", "\"11\""), "Idempotency-Key", key);
        assertThat(other.status()).as(other.toString()).isEqualTo(422);
    }

    // ---- row 9: no orphan customer ------------------------------------------------------------------------

    @Test
    void aRefusedDuplicateCreateLeavesNoCustomerBehind() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"opportunityId\": \"" + id + "\", "
                + create("\"customer\": {\"name\": \"Inline\"}", "\"10\"").substring(1);
        assertThat(admin.post("/api/opportunities", body).status()).isEqualTo(201);
        long customers = customerEvents();
        EngineHttp.Reply again = admin.post("/api/opportunities", body);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(customerEvents()).isEqualTo(customers);

        // racing creations of one new opportunity register one customer between them
        String raced = UUID.randomUUID().toString();
        String racing = body.replace(id, raced);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(
                        () -> admin.post("/api/opportunities", racing).status()));
            }
            int created = 0;
            for (java.util.concurrent.Future<Integer> answer : answers) {
                int status = answer.get();
                assertThat(status).isIn(201, 409);
                created += status == 201 ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(customerEvents()).isEqualTo(customers + 1);
    }

    long customerEvents() {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS)
                .countDocuments(new Document("type", "Customer"));
    }

    // ---- row 13: every layer answers problem+json -------------------------------------------------------------

    @Test
    void malformedMultipartIsA4xxProblem() {
        String boundary = "XyZ";
        String broken =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"opportunities\"; filename=\"o.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nId,Name\r\n"; // no closing boundary
        for (String contentType : List.of(
                "multipart/form-data; boundary=" + boundary, "multipart/form-data", "multipart/form-data; boundary=")) {
            RawHttp.Answer answer = raw.send("POST", "/api/imports/salesforce", broken, "Content-Type", contentType);
            assertProblem(answer, 400, 499);
        }
    }

    @Test
    void anImportedFileThatIsNotUtf8IsRefusedBeforeTheImportStarts() {
        long before = events();
        String boundary = "XyZ";
        byte[] head = ("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"opportunities\"; filename=\"o.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nId,Name,StageName,Amount,CloseDate,CreatedDate\r\n"
                        + "006000000000001,Deal ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // a lone surrogate, encoded as CESU-8 does
        byte[] tail = (",Prospecting,10,2026-01-01,2025-12-01T00:00:00.000Z\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + surrogate.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(surrogate, 0, body, head.length, surrogate.length);
        System.arraycopy(tail, 0, body, head.length + surrogate.length, tail.length);
        RawHttp.Answer answer = raw.send(
                "POST", "/api/imports/salesforce", body, "Content-Type", "multipart/form-data; boundary=" + boundary);
        assertProblem(answer, 400, 400);
        assertThat(answer.json().path("errors").findValuesAsText("field")).containsExactly("opportunities");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void theServerLayersAnswerProblemJson() {
        List<RawHttp.Answer> answers = List.of(
                raw.send("GET", opp(opportunity), (String) null, "X-Correlation-Id", "c".repeat(10_000)),
                raw.send("GET", "/api/opportunities/" + "1".repeat(10_000), (String) null),
                raw.send("GET", "/api/opportunities/%00", (String) null),
                raw.send("GET", "/api/opportunities/" + opportunity + ";x=1", (String) null),
                raw.send("GET", "/api//opportunities", (String) null),
                raw.send("GET", "/api/opportunities/%2e%2e/x", (String) null),
                raw.send("GET", "/api/opportunities/a%25b%2Fc", (String) null),
                raw.send("GET", "/api/opportunities?q=%zz", (String) null),
                raw.send("POST", "/api/opportunities", "{", "Content-Type", "application/json; charset=nonsense"),
                raw.send("GET", "/error", (String) null),
                raw.send("GET", "/nowhere%", (String) null));
        for (RawHttp.Answer answer : answers) {
            assertProblem(answer, 400, 499);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    String customerField() {
        return "\"customerId\": \"" + customer + "\"";
    }

    static String create(String customerField, String amount) {
        return create(customerField, amount, "");
    }

    static String create(String customerField, String amount, String more) {
        return """
                {"title": "Probe", "source": "web", %s,
                 "amount": {"value": %s, "currency": "CNY"}, "ownerId": "admin"%s}""".formatted(customerField, amount, more);
    }

    static String opp(String id) {
        return "/api/opportunities/" + id;
    }

    long events() {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS).countDocuments(new Document());
    }

    static void assertInvalid(EngineHttp.Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asText()).as(reply.toString()).endsWith(":invalid-request");
        assertThat(problem.path("errors").findValuesAsText("field"))
                .as(reply.toString())
                .contains(field);
        assertThat(reply.body().length()).as("a bounded answer").isLessThan(4_000);
    }

    static void assertProblem(RawHttp.Answer answer, int lowest, int highest) {
        assertThat(answer.status()).as(answer.toString()).isBetween(lowest, highest);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).as(answer.toString()).startsWith("urn:opportunity-engine:problem:");
        assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
        assertThat(answer.body()).as("names no Java class").doesNotContainPattern("(java|org|com)\\.[a-z]+\\.[A-Za-z]");
    }

    static String created(EngineHttp.Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get(field).asText();
    }
}
