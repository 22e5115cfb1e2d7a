package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real headless browser (Debian's chromium through chromium-driver) against the standalone engine:
 * after a seeded history, the numbers each view shows equal the API's answers; the as-of slider moves the funnel to
 * the API's {@code asOf} answer; a rep's key shows the rep's figures only; the key lives in sessionStorage only; the
 * page loads nothing from outside the engine. Screenshots of each view go to {@code target/dashboard/}.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("dashboard-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    EngineHttp admin;
    EngineHttp rep;
    String repKey;
    String adminKey;
    ChromeDriver browser;
    final List<String> opportunities = new ArrayList<>();

    @BeforeAll
    void seedAndOpenTheBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have chromium and chromium-driver (.ci/run installs them)");
        }
        Assumptions.assumeTrue(
                present, "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        adminKey = EngineHttp.adminKey(data);
        admin = new EngineHttp(port, adminKey);
        user("d.rep", "SALES_REP");
        user("d.other", "SALES_REP");
        repKey = admin.post("/api/admin/users/d.rep/api-keys", "")
                .json()
                .get("key")
                .asText();
        rep = admin.withKey(repKey);
        seed();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1100",
                "--user-data-dir=" + Files.createTempDirectory("dashboard-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void seed() {
        String customer = admin.post("/api/customers", "{\"name\": \"Dashboard Co\"}")
                .json()
                .get("customerId")
                .asText();
        String[][] plan = {
            // owner, amount, created, moves "stage@date", end
            {"d.rep", "1000.00", "2026-10-01T09:00:00Z", "needs-confirmed@2026-10-10T09:00:00Z", ""},
            {
                "d.rep",
                "2000.00",
                "2026-10-02T09:00:00Z",
                "needs-confirmed@2026-10-05T09:00:00Z",
                "lose@2026-10-25T09:00:00Z"
            },
            {
                "d.rep",
                "3000.00",
                "2026-10-03T09:00:00Z",
                "solution-discussion@2026-10-20T09:00:00Z",
                "convert@2026-11-05T09:00:00Z"
            },
            {"d.other", "4000.00", "2026-10-04T09:00:00Z", "negotiation@2026-10-12T09:00:00Z", ""},
            {"d.other", "500.00", "2026-10-20T09:00:00Z", "", ""},
            {"d.other", "600.00", "2026-11-10T09:00:00Z", "needs-confirmed@2026-11-12T09:00:00Z", ""},
        };
        for (String[] row : plan) {
            EngineHttp.Reply created =
                    admin.post("/api/opportunities", """
                    {"title": "Dashboard %s", "customerId": "%s", "source": "web", "ownerId": "%s",
                     "amount": {"value": "%s", "currency": "CNY"}, "occurredAt": "%s"}
                    """.formatted(row[1], customer, row[0], row[1], row[2]));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("opportunityId").asText();
            opportunities.add(id);
            if (!row[3].isEmpty()) {
                String[] move = row[3].split("@");
                ok(admin.post("/api/opportunities/" + id + "/stage", """
                        {"stage": "%s", "occurredAt": "%s"}""".formatted(move[0], move[1])));
            }
            if (row[4].startsWith("lose")) {
                ok(admin.post("/api/opportunities/" + id + "/lose", """
                        {"reason": "price", "occurredAt": "%s"}""".formatted(row[4].split("@")[1])));
            } else if (row[4].startsWith("convert")) {
                ok(admin.post("/api/opportunities/" + id + "/convert", """
                        {"expectedAmount": {"value": "3000.00", "currency": "CNY"}, "expectedCloseDate": "2026-12-31",
                         "occurredAt": "%s"}""".formatted(row[4].split("@")[1])));
            }
        }
        ok(admin.post("/api/opportunities/" + opportunities.get(0) + "/tasks", """
                {"assigneeId": "d.rep", "dueAt": "2026-10-15T09:00:00Z", "type": "CALL", "description": "call back",
                 "occurredAt": "2026-10-11T09:00:00Z"}"""));
        ok(admin.post("/api/opportunities/" + opportunities.get(3) + "/tasks", """
                {"assigneeId": "d.other", "dueAt": "2026-10-16T09:00:00Z", "type": "MEETING", "description": "demo",
                 "occurredAt": "2026-10-12T09:00:00Z"}"""));
        ok(admin.post("/api/opportunities/" + opportunities.get(3) + "/contacts", """
                {"channel": "CALL", "direction": "OUTBOUND", "summary": "pricing", "occurredAt": "2026-10-13T09:00:00Z"}"""));
        // every projection has applied the history
        admin.getUntil(
                "/api/tasks?overdue=true", reply -> reply.json().get("items").size() == 2);
        admin.getUntil("/api/pipeline", reply -> reply.json().get("count").asLong() == 4);
        admin.getUntil(
                "/api/funnel",
                reply -> reply.json().get("overall").get("created").asLong() == 6);
        admin.getUntil(
                "/api/funnel/flow?from=2026-10-15&to=2026-11-30",
                reply -> reply.status() == 200
                        && reply.json().get("totals").get("created").asLong() == 2);
    }

    @Test
    void theFunnelShowsTheApiAnswerAndTheSliderMovesItToTheAsOfAnswer() throws IOException {
        open("/dashboard?view=funnel", adminKey);
        assertRowsEqual(
                "funnel-table",
                admin.get("/api/funnel").json().get("stages"),
                "stage",
                "reached",
                "current",
                "advanced",
                "lost",
                "conversionToNext",
                "avgDaysInStage",
                "medianDaysInStage");
        assertRowsEqual(
                "funnel-overall",
                List.of(admin.get("/api/funnel").json().get("overall")),
                null,
                "created",
                "won",
                "lost",
                "open",
                "winRate",
                "avgCycleDays");
        screenshot("funnel");

        // the CSV download holds the table's rows (the blob the page hands to the download link, caught on its way)
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Object csv = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " HTMLAnchorElement.prototype.click = function () {};"
                + " URL.createObjectURL = blob => { blob.text().then(done); return 'about:blank'; };"
                + " document.querySelector('button[data-csv=\"funnel-table\"]').click();");
        String[] lines = ((String) csv).split("\r?\n");
        assertThat(lines[0])
                .isEqualTo("\"stage\",\"reached\",\"current\",\"advanced\",\"lost\",\"conversionToNext\","
                        + "\"avgDaysInStage\",\"medianDaysInStage\"");
        assertThat(lines).hasSize(5);
        JsonNode first = admin.get("/api/funnel").json().get("stages").get(0);
        assertThat(lines[1])
                .startsWith("\"Initial contact\",\"" + first.get("reached").asText() + "\",");
        browser.navigate().refresh();
        awaitReady("funnel");

        // 2026-10-21 as days since the epoch; the slider's change event asks the API for that instant
        long day = java.time.LocalDate.parse("2026-10-21").toEpochDay();
        browser.executeScript(
                "const s = document.getElementById('asof-slider'); s.value = arguments[0];"
                        + " s.dispatchEvent(new Event('change'));",
                String.valueOf(day));
        awaitReady("funnel");
        assertThat(java.net.URLDecoder.decode(browser.getCurrentUrl(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("asOf=2026-10-21T00:00:00Z");
        JsonNode then = admin.get("/api/funnel?asOf=2026-10-21T00:00:00Z").json();
        assertThat(then.get("overall").get("created").asLong()).isEqualTo(5);
        assertRowsEqual("funnel-table", then.get("stages"), "stage", "reached", "current", "advanced", "lost");
        assertRowsEqual("funnel-overall", List.of(then.get("overall")), null, "created", "won", "lost", "open");
        screenshot("funnel-as-of");
        assertNothingLoadedFromOutside();
    }

    @Test
    void dealFlowShowsTheApiAnswer() throws IOException {
        open("/dashboard?view=flow&flowFrom=2026-10-15&flowTo=2026-11-30", adminKey);
        JsonNode flow =
                admin.get("/api/funnel/flow?from=2026-10-15&to=2026-11-30").json();
        assertThat(flow.get("totals").get("won").asLong()).isEqualTo(1);
        assertThat(flow.get("totals").get("lost").asLong()).isEqualTo(1);
        Map<String, String> links = new HashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#flow-links tbody tr"))) {
            links.put(row.getAttribute("data-key"), field(row, "count"));
        }
        Map<String, String> expected = new HashMap<>();
        flow.get("links")
                .forEach(link -> expected.put(
                        link.get("source").asText() + ">" + link.get("target").asText(),
                        link.get("count").asText()));
        assertThat(links).isEqualTo(expected);
        assertRowsEqual(
                "flow-stages",
                flow.get("stages"),
                "stage",
                "openAtFrom",
                "won",
                "lost",
                "movedForward",
                "movedBack",
                "stayed",
                "openAtTo",
                "newAtTo");
        assertThat(browser.findElements(By.cssSelector("#flow-chart svg"))).isNotEmpty();
        screenshot("flow");
        assertNothingLoadedFromOutside();
    }

    @Test
    void thePipelineShowsTheApiAnswerAndARepSeesOnlyTheirOwn() throws IOException {
        open("/dashboard?view=pipeline", adminKey);
        JsonNode all = admin.get("/api/pipeline").json();
        assertRowsEqual("pipeline-table", all.get("stages"), "stage", "probability", "count");
        assertThat(textOf("pipeline-totals", "count")).isEqualTo("4");
        screenshot("pipeline");

        open("/dashboard?view=pipeline", repKey);
        JsonNode own = rep.get("/api/pipeline").json();
        assertThat(own.get("count").asLong()).isEqualTo(1);
        assertRowsEqual("pipeline-table", own.get("stages"), "stage", "count");
        assertThat(textOf("pipeline-totals", "count")).isEqualTo("1");
        assertThat(textOf("pipeline-totals", "amounts")).isEqualTo("1000.00 CNY");
        // what the rep may not read through the API is not on the page either
        open("/dashboard?view=forecast", repKey);
        assertThat(browser.findElements(By.cssSelector("#content .denied"))).hasSize(1);
        assertThat(browser.findElements(By.id("forecast-metrics"))).isEmpty();
        open("/dashboard?view=followups", repKey);
        assertThat(browser.findElements(By.cssSelector("#followups-overdue tbody tr")))
                .extracting(row -> row.getAttribute("data-key"))
                .containsExactly("d.rep");
        screenshot("followups-rep");
    }

    @Test
    void forecastQualityFollowUpsAndAnOpportunityShowTheApiAnswers() throws IOException {
        open("/dashboard?view=forecast&btFrom=2026-10-01&btTo=2026-11-30", adminKey);
        JsonNode backtest = admin.get("/api/win-probability/backtest?from=2026-10-01&to=2026-11-30&every=P7D")
                .json();
        Map<String, String> shown = new HashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#forecast-metrics tbody tr"))) {
            shown.put(row.getAttribute("data-key") + "/model", field(row, "model"));
            shown.put(row.getAttribute("data-key") + "/baseline", field(row, "baseline"));
        }
        for (String metric : List.of("n", "brier", "auc")) {
            assertSame(shown.get(metric + "/model"), backtest.get(metric));
            assertSame(shown.get(metric + "/baseline"), backtest.get("baseline").get(metric));
        }
        screenshot("forecast");

        open("/dashboard?view=followups&days=30", adminKey);
        Map<String, String> overdue = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#followups-overdue tbody tr"))) {
            overdue.put(row.getAttribute("data-key"), field(row, "overdue"));
        }
        assertThat(overdue).isEqualTo(Map.of("d.rep", "1", "d.other", "1"));
        List<String> stale = browser.findElements(By.cssSelector("#followups-stale tbody tr")).stream()
                .map(row -> row.getAttribute("data-key"))
                .toList();
        // every open one: none had a contact within 30 days
        assertThat(stale)
                .containsExactlyInAnyOrder(
                        opportunities.get(0), opportunities.get(3), opportunities.get(4), opportunities.get(5));
        screenshot("followups");

        String id = opportunities.get(3);
        open("/dashboard?view=opportunity&id=" + id, adminKey);
        JsonNode view = admin.get("/api/opportunities/" + id).json();
        assertThat(textOf("opportunity-view", "value", "stage"))
                .isEqualTo(view.get("stage").asText());
        assertThat(textOf("opportunity-view", "value", "amount")).isEqualTo("4000.00 CNY");
        assertThat(browser.findElements(By.cssSelector("#opportunity-timeline tbody tr")))
                .hasSize(admin.get("/api/opportunities/" + id + "/timeline")
                        .json()
                        .get("items")
                        .size());
        JsonNode verify =
                admin.get("/api/audit/opportunities/" + id + "/verify").json();
        assertThat(textOf("opportunity-audit", "value", "ok"))
                .isEqualTo(verify.get("ok").asText());
        assertSame(
                textOf("opportunity-probability", "value", "probability"),
                admin.get("/api/opportunities/" + id + "/win-probability")
                        .json()
                        .get("probability"));
        screenshot("opportunity");
        assertNothingLoadedFromOutside();
    }

    @Test
    void theKeyStaysInTheTabTheLabelsSpeakChineseAndANewTabAsksForAKey() throws IOException {
        open("/dashboard?view=funnel&lang=zh", adminKey);
        assertThat(browser.getCurrentUrl()).doesNotContain("key=");
        assertThat(browser.executeScript("return document.cookie")).isEqualTo("");
        assertThat(browser.executeScript("return sessionStorage.getItem('opportunity-engine.api-key')"))
                .isEqualTo(adminKey);
        assertThat(textOf("funnel-table", "stage", "initial-contact")).isEqualTo("初步接触");
        assertThat(browser.findElement(By.id("nav-flow")).getText()).isEqualTo("商机流向");
        screenshot("funnel-zh");

        browser.executeScript("sessionStorage.clear()");
        browser.get(base() + "/dashboard?view=pipeline");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("key-form")).isDisplayed());
        assertThat(browser.findElements(By.id("pipeline-table"))).isEmpty();
        browser.findElement(By.id("key-input")).sendKeys(repKey);
        browser.findElement(By.cssSelector("#key-form button")).click();
        awaitReady("pipeline");
        assertThat(textOf("pipeline-totals", "count")).isEqualTo("1");
        assertThat(new EngineHttp(port).get("/dashboard").status()).isEqualTo(200);
    }

    // ---- helpers

    private void open(String path, String key) {
        browser.get(base() + "/dashboard");
        browser.executeScript("sessionStorage.clear()");
        browser.get(base() + path + "#key=" + key);
        awaitReady(path.replaceAll(".*view=([a-z]+).*", "$1"));
    }

    private void awaitReady(String view) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            Object ready = ((JavascriptExecutor) d)
                    .executeScript(
                            "const c = document.getElementById('content');"
                                    + " return c && c.dataset.ready === 'true' && c.dataset.view === arguments[0];",
                            view);
            return Boolean.TRUE.equals(ready);
        });
        assertThat(browser.findElement(By.id("error")).isDisplayed())
                .as(browser.findElement(By.id("error")).getText())
                .isFalse();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Every row of the page's table equals the API's item with the same key, field by field. */
    private void assertRowsEqual(String tableId, Iterable<JsonNode> items, String keyField, String... fields) {
        Map<String, WebElement> rows = new HashMap<>();
        List<WebElement> found = browser.findElements(By.cssSelector("#" + tableId + " tbody tr"));
        for (WebElement row : found) {
            rows.put(row.getAttribute("data-key"), row);
        }
        int expected = 0;
        for (JsonNode item : items) {
            expected++;
            WebElement row = keyField == null
                    ? found.get(0)
                    : rows.get(item.get(keyField).asText());
            assertThat(row).as("%s has a row for %s", tableId, item).isNotNull();
            for (String field : fields) {
                if (field.equals(keyField)) {
                    continue;
                }
                assertSame(field(row, field), item.get(field));
            }
        }
        assertThat(found).hasSize(expected);
    }

    private static String field(WebElement row, String field) {
        return row.findElement(By.cssSelector("td[data-field='" + field + "']")).getText();
    }

    private String textOf(String tableId, String field) {
        return field(browser.findElement(By.cssSelector("#" + tableId + " tbody tr")), field);
    }

    private String textOf(String tableId, String field, String rowKey) {
        return field(
                browser.findElement(By.cssSelector("#" + tableId + " tbody tr[data-key='" + rowKey + "']")), field);
    }

    /** The page shows null as a dash and numbers as JavaScript prints them. */
    private static void assertSame(String shown, JsonNode value) {
        if (value == null || value.isNull()) {
            assertThat(shown).isEqualTo("—");
        } else if (value.isNumber()) {
            assertThat(new BigDecimal(shown)).as(shown + " vs " + value).isEqualByComparingTo(value.decimalValue());
        } else {
            assertThat(shown).isEqualTo(value.asText());
        }
    }

    private void assertNothingLoadedFromOutside() {
        @SuppressWarnings("unchecked")
        List<String> loaded =
                (List<String>) browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat(performance.getEntriesByType('navigation').map(e => e.name))");
        assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(base() + "/"));
        assertThat(loaded).anySatisfy(url -> assertThat(url).contains("/webjars/echarts/"));
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void user(String id, String role) {
        ok(admin.post(
                "/api/admin/users",
                "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"d-team\"}"
                        .formatted(id, id, role)));
    }

    private static void ok(EngineHttp.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isBetween(200, 299);
    }
}
