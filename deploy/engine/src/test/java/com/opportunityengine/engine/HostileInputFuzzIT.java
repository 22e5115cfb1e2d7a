package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A few thousand generated bad requests (numbers, strings, dates, ids, headers, JSON structure, multipart, query
 * parameters), from a fixed seed, over real HTTP to the standalone engine on the embedded store, as an ADMIN (who
 * may call everything, so that every refusal is about the input): each answers a 4xx problem+json naming no Java
 * class, none a 5xx; the event log holds exactly what it held before; the heap used after a GC has not grown by more
 * than a generous bound (what a leak per request, or a billion-character string, would break).
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HostileInputFuzzIT {

    static final long SEED = 19;
    static final int REQUESTS = 2_500;
    static final long HEAP_GROWTH_BOUND = 96L * 1024 * 1024;

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("hostile-fuzz-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    Random random;
    String customer;
    String opportunity;

    /** One generated request: what it is, for the failure message, and how to send it. */
    record Bad(String kind, String method, String target, byte[] body, String[] headers) {

        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return kind + ": " + method + " " + abbreviate(target) + " " + abbreviate(String.join("|", headers)) + " "
                    + abbreviate(text);
        }
    }

    @Test
    void everyBadRequestIsA4xxProblemAndChangesNothing() {
        EngineHttp admin = new EngineHttp(port, data);
        RawHttp raw = new RawHttp(port, EngineHttp.adminKey(data));
        customer = HostileInputIT.created(admin.post("/api/customers", "{\"name\": \"Fuzz\"}"), "customerId");
        opportunity = HostileInputIT.created(
                admin.post("/api/opportunities", HostileInputIT.create(customerField(), "\"10\"")), "opportunityId");
        random = new Random(SEED);
        List<Bad> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(next());
        }
        // warm up the paths once, so that what is loaded lazily on a first request is not counted as growth
        for (Bad bad : requests.subList(0, 200)) {
            send(raw, bad);
        }
        long events = events();
        long heapBefore = usedHeapAfterGc();

        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Bad bad : requests) {
            RawHttp.Answer answer = send(raw, bad);
            statuses.merge(bad.kind() + " " + answer.status(), 1, Integer::sum);
            String wrong = wrong(answer);
            if (wrong != null && failures.size() < 20) {
                failures.add(wrong + " <- " + bad + " -> " + answer);
            }
        }
        long heapAfter = usedHeapAfterGc();

        System.out.println("HostileInputFuzzIT: " + REQUESTS + " requests (seed " + SEED + "), answers " + statuses
                + ", used heap after GC " + mb(heapBefore) + " MB -> " + mb(heapAfter) + " MB");
        assertThat(failures).as("answers that are not a 4xx problem").isEmpty();
        assertThat(events()).as("nothing appended").isEqualTo(events);
        assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);
    }

    private static RawHttp.Answer send(RawHttp raw, Bad bad) {
        return raw.send(bad.method(), bad.target(), bad.body(), bad.headers());
    }

    private static String wrong(RawHttp.Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "status " + answer.status();
        }
        if (!answer.isProblem()) {
            return "not problem+json";
        }
        if (!answer.json().path("type").asText().startsWith("urn:opportunity-engine:problem:")) {
            return "not the engine's problem";
        }
        if (answer.body().matches("(?s).*\\b(java|javax|jakarta|org|com)\\.[a-z]+\\.[A-Za-z].*")) {
            return "names a Java class";
        }
        return null;
    }

    // ---- the generator ------------------------------------------------------------------------------------

    private Bad next() {
        List<Supplier<Bad>> kinds = List.of(
                this::badAmount,
                this::badAmount,
                this::badText,
                this::badText,
                this::badTime,
                this::badTime,
                this::badStructure,
                this::badId,
                this::badHeader,
                this::badQuery,
                this::badQuery,
                this::badMultipart,
                this::badEnum,
                this::badAssignment);
        return kinds.get(random.nextInt(kinds.size())).get();
    }

    private Bad badAmount() {
        String value = pick(
                () -> "\"1e" + (101 + random.nextInt(999_999_000)) + "\"",
                () -> "1e" + (101 + random.nextInt(999_999_000)),
                () -> "\"1e-" + (101 + random.nextInt(999_999_000)) + "\"",
                () -> "\" " + random.nextInt(1000) + " \"",
                () -> "\"" + random.nextInt(1000) + " \"",
                () -> "\"" + digits(16 + random.nextInt(200)) + "\"",
                () -> digits(16 + random.nextInt(80)),
                () -> "\"-" + (1 + random.nextInt(1000)) + "\"",
                () -> "\"1." + digits(5 + random.nextInt(20)) + "\"",
                () -> pickOf(
                        "\"NaN\"",
                        "\"Infinity\"",
                        "\"-Infinity\"",
                        "\"0x10\"",
                        "\"1.2.3\"",
                        "\"\"",
                        "\"1e\"",
                        "\"e5\"",
                        "\"١٢٣\"",
                        "true",
                        "[1]",
                        "{\"v\": 1}",
                        "\"1_000\"",
                        "\"+-1\"",
                        "\"1,5\""));
        String currency =
                random.nextInt(8) == 0 ? pickOf("\"XXXX\"", "\"\"", "5", "\"eur\"", "\"\\ud800\"") : "\"CNY\"";
        if (!currency.equals("\"CNY\"")) {
            value = "\"10\"";
        }
        String body = """
                {"title": "Fuzz", "source": "web", %s, "amount": {"value": %s, "currency": %s}, "ownerId": "admin"}""".formatted(customerField(), value, currency);
        return json("amount", "POST", "/api/opportunities", body);
    }

    private Bad badText() {
        String text = pick(
                () -> randomText(1 + random.nextInt(20)) + loneSurrogate() + randomText(random.nextInt(20)),
                () -> loneSurrogate(),
                () -> "x".repeat(201 + random.nextInt(2000)));
        return switch (random.nextInt(5)) {
            case 0 ->
                json(
                        "text",
                        "POST",
                        "/api/opportunities",
                        HostileInputIT.create(customerField(), "\"10\"")
                                .replace("\"Fuzz\"", "\"" + text + "\"")
                                .replace("\"Probe\"", "\"" + text + "\""));
            case 1 -> json("text", "POST", "/api/customers", "{\"name\": \"" + text + "\"}");
            case 2 ->
                json("text", "POST", opp() + "/contacts", """
                    {"channel": "CALL", "direction": "INBOUND", "summary": "ok", "participants": ["%s"]}""".formatted(text.length() > 200 ? loneSurrogate() : text));
            case 3 -> json("text", "PATCH", opp(), "{\"title\": \"" + text + "\"}");
            default -> json("text", "POST", opp() + "/lose", "{\"reason\": \"" + loneSurrogate() + text + "\"}");
        };
    }

    private Bad badTime() {
        String at = pick(
                () -> "-" + (1 + random.nextInt(999_999_998)) + "-01-01T00:00:00Z",
                () -> "+" + (10_000 + random.nextInt(999_989_999)) + "-06-30T12:00:00Z",
                () -> (1000 + random.nextInt(899)) + "-01-01T00:00:00Z",
                () -> (3000 + random.nextInt(6999)) + "-12-31T23:59:59Z",
                () -> "2100-01-01T00:00:00Z",
                () -> pickOf(
                        "",
                        " ",
                        "yesterday",
                        "2026-02-30T00:00:00Z",
                        "2026-01-01",
                        "2026-01-01T25:00:00Z",
                        " 2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:00"));
        String date = pick(
                () -> String.format("%04d-01-01", random.nextInt(1900)),
                () -> (3000 + random.nextInt(6999)) + "-01-01",
                () -> pickOf("", "2026-13-01", "01/02/2026", "+1000000-01-01", " 2026-01-01"));
        return switch (random.nextInt(4)) {
            case 0 ->
                json(
                        "time",
                        "POST",
                        "/api/opportunities",
                        HostileInputIT.create(customerField(), "\"10\"", ", \"occurredAt\": \"" + at + "\""));
            case 1 ->
                json(
                        "time",
                        "POST",
                        "/api/opportunities",
                        HostileInputIT.create(customerField(), "\"10\"", ", \"expectedCloseDate\": \"" + date + "\""));
            case 2 ->
                json("time", "POST", opp() + "/tasks", """
                    {"assigneeId": "admin", "dueAt": "%s", "type": "CALL", "description": "x"}""".formatted(
                                at.startsWith("2100") ? "" : at)); // a task may be due in 2100
            default ->
                json("time", "POST", opp() + "/stage", "{\"stage\": \"negotiation\", \"occurredAt\": \"" + at + "\"}");
        };
    }

    private Bad badStructure() {
        String valid = HostileInputIT.create(customerField(), "\"10\"");
        String body = pick(
                () -> valid.substring(0, 1 + random.nextInt(valid.length() - 2)),
                () -> valid + pickOf("x", "{}", ",", "]", " 1"),
                () -> valid.replace("\"source\": \"web\"", "\"source\": \"web\", \"source\": \"mail\""),
                () -> valid.replace("\"ownerId\": \"admin\"", "\"ownerId\": \"admin\", \"ownerId\": \"admin\""),
                () -> "[".repeat(65 + random.nextInt(500)) + "]".repeat(65),
                () -> "{\"title\": " + "{\"a\": ".repeat(70) + "1" + "}".repeat(71),
                () -> pickOf("", "null", "[]", "\"x\"", "1", "{", "}", "{\"title\": }", "\u0000"),
                () -> valid.replace("\"Probe\"", "\"" + "\\u00".repeat(1 + random.nextInt(3)) + "\""),
                () -> valid.replace(":", random.nextBoolean() ? "=" : ";"));
        return json("structure", "POST", "/api/opportunities", body);
    }

    private Bad badId() {
        String id = pick(
                () -> encode(randomText(1 + random.nextInt(40))),
                () -> "1".repeat(37 + random.nextInt(10_000)),
                () -> pickOf(
                        "%00",
                        "%2e%2e",
                        "..",
                        "a;x=1",
                        "%2F",
                        "%25",
                        "%",
                        "%zz",
                        "%C0%AF",
                        "%ED%A0%80",
                        "1-2-3-4-5",
                        "00000000-0000-0000-0000-00000000000g",
                        "%20"),
                () -> UUID.randomUUID().toString().replace("-", ""));
        String suffix = pickOf("", "/stage", "/timeline", "/win-probability", "/contacts");
        String method = suffix.equals("/stage") || suffix.equals("/contacts") ? "POST" : "GET";
        String body = method.equals("POST") ? "{\"stage\": \"negotiation\"}" : null;
        String base = pickOf("/api/opportunities/", "/api/customers/", "/api/audit/opportunities/", "/api/deals/");
        if (!base.equals("/api/opportunities/")) {
            suffix = switch (base) {
                case "/api/customers/" -> "/behavior";
                case "/api/audit/opportunities/" -> "/events";
                default -> "/close";
            };
            method = base.equals("/api/deals/") ? "POST" : "GET";
            body = method.equals("POST") ? "{\"outcome\": \"BOOKED\"}" : null;
        }
        String target = pickOf("", "/", "//").isEmpty() ? base + id + suffix : base.replace("/api/", "/api//") + id;
        return json("id", method, target, body);
    }

    /** The assignment and capacity endpoints (issue 17) and the deal flow (issue 18). */
    private Bad badAssignment() {
        String number = pick(
                () -> "1e" + (101 + random.nextInt(999_999_000)),
                () -> "\"1e" + (101 + random.nextInt(999_999_000)) + "\"",
                () -> String.valueOf(-1 - random.nextInt(1_000_000)),
                () -> String.valueOf(100_001 + random.nextInt(1_000_000)),
                () -> digits(30 + random.nextInt(200)),
                () -> pickOf("\"abc\"", "true", "[1]", "{}", "NaN", "\"\"", "\" 5 \"", "\"\\ud800\""));
        String at = pick(
                () -> String.format("%04d-01-01T00:00:00Z", random.nextInt(1900)),
                () -> "-999999999-01-01T00:00:00Z",
                () -> pickOf("x", "2026-02-30T00:00:00Z", "1e9", "\\ud800"));
        return switch (random.nextInt(4)) {
            case 0 -> json("assignment", "PUT", "/api/users/admin/capacity", "{\"maxOpen\": " + number + "}");
            case 1 ->
                json(
                        "assignment",
                        "PUT",
                        "/api/users/admin/availability",
                        "{\"absences\": [{\"from\": \"" + at + "\", \"to\": \"2026-06-01T00:00:00Z\"}]}");
            case 2 ->
                json(
                        "assignment",
                        "PUT",
                        "/api/assignment/rules",
                        "{\"rules\": [{\"ruleId\": \"r\", \"assignTo\": {\"userIds\": [\"admin\"]}, \"strategy\": "
                                + pickOf("\"X\"", "1", "\"\"", "\"round_robin \"") + "}]}");
            default -> json("assignment", "GET", "/api/funnel/flow?" + pickOf("from", "to") + "=" + encode(at), null);
        };
    }

    private Bad badHeader() {
        String body = "{\"title\": \"New title\"}";
        return switch (random.nextInt(6)) {
            case 0 ->
                json(
                        "header",
                        "PATCH",
                        opp(),
                        body,
                        "If-Match",
                        pickOf("abc", "\"-1\"", "\"1\", \"2\"", "\"99999999999999999999\"", "*x", "W/", "\"\""));
            case 1 ->
                json(
                        "header",
                        "PATCH",
                        opp(),
                        body,
                        "X-Correlation-Id",
                        pick(
                                () -> "c".repeat(101 + random.nextInt(12_000)),
                                () -> pickOf("a b", "a/b", "é", "<x>", "")));
            case 2 ->
                json(
                        "header",
                        "PATCH",
                        opp(),
                        body,
                        "Idempotency-Key",
                        pick(() -> "k".repeat(256 + random.nextInt(9_000)), () -> pickOf("a b", "é", "\t")));
            case 3 ->
                new Bad("header", "PATCH", opp(), body.getBytes(StandardCharsets.UTF_8), new String[] {
                    "Content-Type",
                    pickOf(
                            "text/plain",
                            "application/xml",
                            "application/json; charset=nonsense",
                            "multipart/form-data",
                            "",
                            "*/*")
                });
            case 4 -> json("header", "PATCH", opp(), body, "X-Filler", "f".repeat(9_000 + random.nextInt(20_000)));
            default ->
                new Bad("header", "GET", opp(), null, new String[] {
                    "Accept", pickOf("text/html", "image/png", "application/xml")
                });
        };
    }

    private Bad badQuery() {
        String bad = pick(
                () -> "-" + random.nextInt(1_000_000_000) + "-01-01T00:00:00Z",
                () -> "+" + (10_000 + random.nextInt(999_989_999)) + "-01-01T00:00:00Z",
                () -> encode(randomText(1 + random.nextInt(10))) + "x",
                () -> pickOf("%zz", "%", "1899-12-31T00:00:00Z", "3000-01-01T00:00:00Z", "0001-01-01"));
        String number = pick(
                () -> "-" + (1 + random.nextInt(1000)),
                () -> digits(20 + random.nextInt(30)),
                () -> pickOf("abc", "1e3", "%zz", "1.5", "9223372036854775808"));
        return switch (random.nextInt(9)) {
            case 0 -> json("query", "GET", "/api/funnel?asOf=" + bad, null);
            case 1 -> json("query", "GET", "/api/funnel?" + pickOf("from", "to") + "=" + bad, null);
            case 2 -> json("query", "GET", opp() + "/win-probability?asOf=" + bad, null);
            case 3 -> json("query", "GET", "/api/win-probability/backtest?cutoff=" + bad, null);
            case 4 -> json("query", "GET", "/api/audit/opportunities/" + opportunity + "/state?asOf=" + bad, null);
            case 5 -> json("query", "GET", "/api/opportunities?" + pickOf("page", "size") + "=" + number, null);
            case 6 -> json("query", "GET", "/api/audit/events?" + pickOf("after", "limit") + "=" + number, null);
            case 7 -> json("query", "GET", opp() + "?minVersion=" + number, null);
            default -> json("query", "GET", "/api/opportunities?sort=" + encode(randomText(5)) + "x", null);
        };
    }

    private Bad badEnum() {
        String value = pickOf("\"\"", "\"call \"", "\"FAX\"", "1", "null", "\"\\ud800\"", "[]");
        String body = """
                {"channel": %s, "direction": "INBOUND", "summary": "ok"}""".formatted(value);
        return json("enum", "POST", opp() + "/contacts", body);
    }

    private Bad badMultipart() {
        String boundary = "b" + random.nextInt(1_000_000);
        String part =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"opportunities\"; filename=\"o.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nId,Name\r\n";
        String mappingPart =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"; filename=\"m.json\"\r\n"
                        + "Content-Type: application/json\r\n\r\n"
                        + pickOf(
                                "{",
                                "[]",
                                "{\"pipeline\": \"nope\"}",
                                "{\"pipeline\": \"default\", \"stages\": {\"A\": \"nowhere\"}}",
                                "\"\\ud800\"")
                        + "\r\n";
        String body;
        String contentType = "multipart/form-data; boundary=" + boundary;
        switch (random.nextInt(5)) {
            case 0 -> body = part; // no closing boundary
            case 1 -> {
                body = part + "--" + boundary + "--\r\n";
                contentType =
                        pickOf("multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=x");
            }
            case 2 -> body = part + mappingPart + "--" + boundary + "--\r\n"; // a bad mapping with a file
            case 3 ->
                body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"history\"\r\n\r\nx\r\n--"
                        + boundary + "--\r\n"; // no opportunities part
            default ->
                body = "--" + boundary + "\r\n" + "X".repeat(random.nextInt(3000)) + "\r\n--" + boundary + "--\r\n";
        }
        return new Bad(
                "multipart", "POST", "/api/imports/salesforce", body.getBytes(StandardCharsets.UTF_8), new String[] {
                    "Content-Type", contentType
                });
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Bad json(String kind, String method, String target, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (body != null && !all.contains("Content-Type")) {
            all.add("Content-Type");
            all.add("application/json");
        }
        return new Bad(
                kind,
                method,
                target,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                all.toArray(String[]::new));
    }

    private String opp() {
        return "/api/opportunities/" + opportunity;
    }

    private String customerField() {
        return "\"customerId\": \"" + customer + "\"";
    }

    @SafeVarargs
    private String pick(Supplier<String>... choices) {
        return choices[random.nextInt(choices.length)].get();
    }

    private String pickOf(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String digits(int count) {
        StringBuilder out = new StringBuilder().append(1 + random.nextInt(9));
        for (int i = 1; i < count; i++) {
            out.append(random.nextInt(10));
        }
        return out.toString();
    }

    private String loneSurrogate() {
        int code = random.nextBoolean() ? 0xD800 + random.nextInt(0x400) : 0xDC00 + random.nextInt(0x400);
        return String.format("\\u%04xx", code); // followed by an x: two never make a pair
    }

    /** Printable text with JSON's specials escaped, some non-ASCII. */
    private String randomText(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(10) == 0 ? 0xA0 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5F);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.appendCodePoint(c);
        }
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private long events() {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS).countDocuments(new Document());
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + ")" : text;
    }
}
