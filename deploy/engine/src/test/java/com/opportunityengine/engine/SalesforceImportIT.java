package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.events.common.Ids;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A small, messy Salesforce export (rows out of order, skipped stages, a late-stage creation, several currencies,
 * no-op rows, a backward move, unusable rows) imported over HTTP with the command-line client, imported again
 * (nothing new), then learned from: the model, an opportunity's probability now and as of an instant, a backtest.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SalesforceImportIT {

    private static final Pattern STARTED = Pattern.compile("import ([0-9a-f-]{36}) started");

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("salesforce-import-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    private static String opportunity(String salesforceId) {
        return Ids.nameBased("salesforce-opportunity", salesforceId).toString();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                SalesforceImportIT.class.getResource("/salesforce/" + name).toURI());
    }

    /** Runs the command-line import against this engine; returns the import id and checks the exit status. */
    private String importWithTheCommandLine() throws URISyntaxException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ImportCommand.run(
                new String[] {
                    "salesforce",
                    "--opportunities=" + resource("Opportunity.csv"),
                    "--history=" + resource("OpportunityHistory.csv"),
                    "--url=http://localhost:" + port,
                    "--api-key=" + EngineHttp.adminKey(data)
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        Matcher started = STARTED.matcher(printed);
        assertThat(started.find()).as(printed).isTrue();
        return started.group(1);
    }

    @Test
    @Order(1)
    void importsTheExportOnceAndReportsTheRowsItCouldNotUse() throws Exception {
        EngineHttp http = new EngineHttp(port, data);
        String first = importWithTheCommandLine();
        JsonNode status = http.get("/api/imports/" + first).json();
        assertThat(status.get("status").asText()).isEqualTo("DONE");
        assertThat(status.get("rowsRead").asLong()).isEqualTo(8 + 24);
        assertThat(status.get("opportunitiesCreated").asLong()).isEqualTo(7);
        List<String> rejected = new ArrayList<>();
        status.get("rejected")
                .forEach(r -> rejected.add(
                        r.get("file").asText() + ":" + r.get("line").asLong()));
        assertThat(rejected).contains("Opportunity.csv:8", "OpportunityHistory.csv:22", "OpportunityHistory.csv:23");
        assertThat(status.get("rejected").toString()).contains("Weird Stage").contains("006ZZ");

        String second = importWithTheCommandLine();
        JsonNode again = http.get("/api/imports/" + second).json();
        assertThat(again.get("status").asText()).isEqualTo("DONE");
        assertThat(again.get("opportunitiesCreated").asLong()).isZero();
        assertThat(again.get("opportunitiesSkipped").asLong()).isEqualTo(7);
        assertThat(http.get("/api/imports/" + java.util.UUID.randomUUID()).status())
                .isEqualTo(404);

        // the replayed history is the opportunity's: 006E moved back, then won on its original date
        JsonNode view = http.getUntil(
                        "/api/opportunities/" + opportunity("006E"),
                        r -> r.status() == 200
                                && "WON".equals(r.json().path("status").asText()))
                .json();
        assertThat(view.get("status").asText()).isEqualTo("WON");
        assertThat(view.get("winProbability").asDouble()).isEqualTo(1.0);

        // the people's probabilities are in the log at their rows' times, before the win, once each
        assertThat(again.get("rejected").toString()).doesNotContain("UpdateForecast");
        JsonNode timeline = http.getUntil(
                        "/api/opportunities/" + opportunity("006A") + "/timeline",
                        r -> r.status() == 200 && r.body().contains("CONVERTED"))
                .json();
        List<String> forecasts = new ArrayList<>();
        timeline.get("items").forEach(item -> {
            if ("FORECAST_UPDATED".equals(item.get("type").asText())) {
                forecasts.add(item.get("occurredAt").asText() + " "
                        + item.get("summary").asText());
            }
        });
        assertThat(forecasts)
                .containsExactly(
                        "2025-01-10T09:00:00Z Forecast set to 10%",
                        "2025-02-01T09:00:00Z Forecast set to 20%",
                        "2025-03-01T09:00:00Z Forecast set to 75%",
                        "2025-03-15T09:00:00Z Forecast set to 90%",
                        "2025-04-01T09:00:00Z Forecast set to 100%");
        JsonNode open = http.getUntil("/api/opportunities/" + opportunity("006H"), r -> r.status() == 200)
                .json();
        assertThat(open.get("forecastProbability").asInt()).as(open.toString()).isEqualTo(90);
        assertThat(open.get("forecastCategory").isNull()).isTrue();
    }

    @Test
    @Order(4)
    void aMappingThatNamesNoStageOfItsPipelineIsRefusedAtOnce() throws Exception {
        Path mapping = Files.createTempFile("mapping", ".json");
        Files.writeString(mapping, "{\"pipeline\": \"default\", \"stages\": {\"Prospecting\": \"nowhere\"}}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ImportCommand.run(
                new String[] {
                    "salesforce",
                    "--opportunities=" + resource("Opportunity.csv"),
                    "--history=" + resource("OpportunityHistory.csv"),
                    "--mapping=" + mapping,
                    "--url=http://localhost:" + port,
                    "--api-key=" + EngineHttp.adminKey(data)
                },
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(1);
        assertThat(printed).contains("400").contains("mapping.stages.Prospecting");

        Files.writeString(mapping, """
                {"pipeline": "default", "stages": {"Prospecting": "initial-contact", "Needs Analysis": "needs-confirmed",
                 "Proposal/Price Quote": "solution-discussion", "Negotiation/Review": "negotiation",
                 "Qualification": "initial-contact", "Weird Stage": "needs-confirmed",
                 "Closed Won": "WON", "Closed Lost": "LOST"}}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        status = ImportCommand.run(
                new String[] {
                    "salesforce",
                    "--opportunities=" + resource("Opportunity.csv"),
                    "--history=" + resource("OpportunityHistory.csv"),
                    "--mapping=" + mapping,
                    "--url=http://localhost:" + port,
                    "--api-key=" + EngineHttp.adminKey(data)
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(status).isZero();
        // with 'Weird Stage' mapped, 006G is new; the other seven exist already
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"opportunitiesCreated\" : 1")
                .contains("\"opportunitiesSkipped\" : 7");
    }

    @Test
    @Order(2)
    void learnsStageRatesFromTheImportedHistoryInBusinessTimeOrder() {
        EngineHttp http = new EngineHttp(port, data);
        EngineHttp.Reply model = http.getUntil(
                "/api/win-probability/model?pipeline=default",
                r -> r.status() == 200
                        && r.json().get("stages").get(0).get("reached").asLong() == 6
                        && r.json().get("stages").get(0).get("won").asLong() == 3);
        JsonNode first = model.json().get("stages").get(0);
        assertThat(first.get("stage").asText()).as(model.toString()).isEqualTo("initial-contact");
        assertThat(first.get("reached").asLong()).as(model.toString()).isEqualTo(6);
        assertThat(first.get("won").asLong()).isEqualTo(3);
        assertThat(first.get("lost").asLong()).isEqualTo(1);
        assertThat(first.get("open").asLong()).isEqualTo(2);
        double p = first.get("probability").asDouble();
        assertThat(p)
                .isBetween(
                        first.get("interval").get("low").asDouble(),
                        first.get("interval").get("high").asDouble());
        assertThat(model.json().get("trainedAt").asText()).isEqualTo("2025-05-05T09:00:00Z");
        assertThat(model.json().get("eventsReplayed").asLong()).isPositive();
        assertThat(http.get("/api/win-probability/model?pipeline=nope").status())
                .isEqualTo(400);
        // the learner is fed in one order: its processor runs on one segment
        JsonNode projections = http.get("/api/admin/projections").json();
        List<Integer> segments = new ArrayList<>();
        projections.findParents("name").forEach(projection -> {
            if ("win-probability".equals(projection.get("name").asText())) {
                segments.add(projection.get("segments").asInt());
            }
        });
        assertThat(segments).as(projections.toString()).containsExactly(1);

        EngineHttp.Reply open = http.get("/api/opportunities/" + opportunity("006F") + "/win-probability");
        assertThat(open.status()).as(open.toString()).isEqualTo(200);
        assertThat(open.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(open.json().get("stage").asText()).isEqualTo("needs-confirmed");
        assertThat(open.json().get("basis").asText()).isIn("STAGE_RATE", "STAGE_DEFAULT", "HAZARD", "FEATURES");
        assertThat(open.json().get("explanation").asText()).isNotBlank();
        double learned = open.json().get("probability").asDouble();
        assertThat(learned).isBetween(0.0, 1.0);
        JsonNode view = http.getUntil("/api/opportunities/" + opportunity("006F"), r -> r.status() == 200)
                .json();
        assertThat(view.get("winProbability").asDouble()).isEqualTo(learned);

        // the weighted pipeline uses the learned stage probabilities: needs-confirmed holds only 006F (USD 15000)
        double needsConfirmed =
                model.json().get("stages").get(1).get("probability").asDouble();
        EngineHttp.Reply pipeline = http.getUntil(
                "/api/pipeline?pipeline=default",
                r -> r.status() == 200 && r.body().contains("15000"));
        assertThat(pipeline.status()).as(pipeline.toString()).isEqualTo(200);
        assertThat(pipeline.body())
                .as(pipeline.toString())
                .contains(new java.math.BigDecimal("15000")
                        .multiply(java.math.BigDecimal.valueOf(needsConfirmed))
                        .setScale(2, java.math.RoundingMode.HALF_UP)
                        .toPlainString());

        EngineHttp.Reply won = http.get("/api/opportunities/" + opportunity("006A") + "/win-probability");
        assertThat(won.json().get("probability").asDouble()).isEqualTo(1.0);
        assertThat(won.json().get("basis").asText()).isEqualTo("OUTCOME");

        // as of 2 March 2025, 006A was open at solution-discussion and nothing had closed yet
        EngineHttp.Reply then =
                http.get("/api/opportunities/" + opportunity("006A") + "/win-probability?asOf=2025-03-02T00:00:00Z");
        assertThat(then.status()).as(then.toString()).isEqualTo(200);
        assertThat(then.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(then.json().get("stage").asText()).isEqualTo("solution-discussion");
        assertThat(then.json().get("basis").asText()).isEqualTo("STAGE_DEFAULT");
        assertThat(then.json().get("probability").asDouble()).isEqualTo(0.5);
        assertThat(http.get("/api/opportunities/" + opportunity("006A") + "/win-probability?asOf=2024-01-01T00:00:00Z")
                        .status())
                .isEqualTo(404);
        assertThat(http.get("/api/opportunities/" + java.util.UUID.randomUUID() + "/win-probability")
                        .status())
                .isEqualTo(404);
        assertThat(http.get("/api/opportunities/not-a-uuid/win-probability").status())
                .isEqualTo(400);
    }

    @Test
    @Order(3)
    void backtestsScoreOnlyWhatWasKnownAtEachCutoff() {
        EngineHttp http = new EngineHttp(port, data);
        http.getUntil(
                "/api/win-probability/model",
                r -> r.json().get("stages").get(0).get("reached").asLong() == 6);
        EngineHttp.Reply one =
                http.get("/api/win-probability/backtest?pipeline=default&cutoff=2025-03-01T00:00:00Z&details=true");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        // open on 1 March and closed later: 006A, 006B, 006C, 006D, 006E
        assertThat(one.json().get("n").asLong()).as(one.toString()).isEqualTo(5);
        assertThat(one.json().get("details")).hasSize(5);
        assertThat(one.json().get("baseline").get("n").asLong()).isEqualTo(5);
        assertThat(one.json().get("calibration")).hasSize(10);
        assertThat(one.json().get("brier").asDouble()).isBetween(0.0, 1.0);

        EngineHttp.Reply weekly = http.get("/api/win-probability/backtest?from=2025-02-01&to=2025-04-30&every=P7D");
        assertThat(weekly.status()).as(weekly.toString()).isEqualTo(200);
        assertThat(weekly.json().get("perCutoff")).hasSize(13);
        assertThat(weekly.json().has("details")).isFalse();

        EngineHttp.Reply tooMany = http.get("/api/win-probability/backtest?from=2000-01-01&to=2025-01-01&every=P1D");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("errors").get(0).get("field").asText()).isEqualTo("every");
        assertThat(http.get("/api/win-probability/backtest?cutoff=yesterday").status())
                .isEqualTo(400);
        assertThat(http.get("/api/win-probability/backtest?from=2025-01-01").status())
                .isEqualTo(400);
        assertThat(http.get("/api/win-probability/backtest?from=2025-01-01&to=2025-02-01&every=P0D")
                        .status())
                .isEqualTo(400);
    }

    private static final String FULL_MAPPING = "{\"pipeline\": \"default\", \"stages\": {\"Prospecting\":"
            + " \"initial-contact\", \"Needs Analysis\": \"needs-confirmed\", \"Proposal/Price Quote\":"
            + " \"solution-discussion\", \"Negotiation/Review\": \"negotiation\", \"Qualification\":"
            + " \"initial-contact\", \"Weird Stage\": \"needs-confirmed\", \"Closed Won\": \"WON\","
            + " \"Closed Lost\": \"LOST\"}}";

    /** A multipart import of the two test files plus the given raw {@code mapping} parts (their headers and body). */
    private EngineHttp.Reply importWithParts(EngineHttp http, String... mappingParts) throws Exception {
        String boundary = "mapping-boundary-7f3a";
        StringBuilder body = new StringBuilder();
        for (String file : List.of("opportunities:Opportunity.csv", "history:OpportunityHistory.csv")) {
            String[] nameAndFile = file.split(":");
            body.append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(nameAndFile[0])
                    .append("\"; filename=\"")
                    .append(nameAndFile[1])
                    .append("\"\r\n")
                    .append("Content-Type: text/csv\r\n\r\n")
                    .append(Files.readString(resource(nameAndFile[1])))
                    .append("\r\n");
        }
        for (String part : mappingParts) {
            body.append("--").append(boundary).append("\r\n").append(part).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return http.send(
                "POST",
                "/api/imports/salesforce",
                body.toString(),
                "Content-Type",
                "multipart/form-data; boundary=" + boundary);
    }

    private static String textPart(String value) {
        return "Content-Disposition: form-data; name=\"mapping\"\r\n\r\n" + value;
    }

    private static String filePart(String value) {
        return "Content-Disposition: form-data; name=\"mapping\"; filename=\"mapping.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + value;
    }

    private static List<String> rejectedLines(JsonNode status) {
        List<String> rejected = new ArrayList<>();
        status.get("rejected")
                .forEach(r -> rejected.add(r.get("file").asText() + ":"
                        + r.get("line").asLong() + " " + r.get("reason").asText()));
        return rejected;
    }

    @Test
    @Order(5)
    void aMappingSentAsAPlainTextFieldIsUsedExactlyLikeAFilePart() throws Exception {
        EngineHttp http = new EngineHttp(port, data);
        List<List<String>> reports = new ArrayList<>();
        for (String part : List.of(textPart(FULL_MAPPING), filePart(FULL_MAPPING))) {
            EngineHttp.Reply started = importWithParts(http, part);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            String id = started.json().get("importId").asText();
            JsonNode status = http.getUntil(
                            "/api/imports/" + id,
                            r -> r.status() == 200
                                    && !"RUNNING".equals(r.json().path("status").asText()))
                    .json();
            assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("DONE");
            // with 'Weird Stage' mapped, 006G's row is used (the standard mapping would reject it)
            assertThat(status.get("rejected").toString()).as(status.toString()).doesNotContain("Weird Stage");
            assertThat(status.get("opportunitiesSkipped").asLong()).isEqualTo(8);
            reports.add(rejectedLines(status));
        }
        assertThat(reports.get(0)).isEqualTo(reports.get(1));
    }

    @Test
    @Order(6)
    void anythingElseNamedMappingIsRefusedWithoutFallingBackToTheStandardMapping() throws Exception {
        EngineHttp http = new EngineHttp(port, data);
        for (String[] parts : List.of(
                new String[] {textPart("{")},
                new String[] {textPart("[]")},
                new String[] {textPart("\"standard\"")},
                new String[] {textPart("{\"pipeline\": \"default\"}")},
                new String[] {textPart("{\"pipeline\": \"nope\", \"stages\": {\"A\": \"WON\"}}")},
                new String[] {textPart("")},
                new String[] {filePart("")},
                new String[] {textPart(FULL_MAPPING), filePart(FULL_MAPPING)})) {
            EngineHttp.Reply reply = importWithParts(http, parts);
            assertThat(reply.status())
                    .as(String.join(" | ", parts) + " -> " + reply)
                    .isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.body()).contains("mapping");
        }
    }
}
