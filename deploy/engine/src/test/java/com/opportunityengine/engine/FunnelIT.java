package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Writes opportunities through the command API with business times in the past, then reads the
 * pipeline and the funnel (with asOf) over HTTP once the projections have caught up.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"engine.embedded-mongo.port=0", "engine.mongo.uri="})
class FunnelIT {

    /** A fresh store every run: the funnel counts everything in it. */
    static final String DATA = "target/funnel-it/" + UUID.randomUUID();

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", () -> DATA);
    }

    @Autowired
    TestRestTemplate http;

    /** Every request carries the bootstrap ADMIN key the engine wrote to its data folder. */
    @BeforeEach
    void authenticate() throws java.io.IOException {
        String key = java.nio.file.Files.readString(java.nio.file.Path.of(DATA, "admin.key"))
                .trim();
        http.getRestTemplate().getInterceptors().removeIf(BearerKey.class::isInstance);
        http.getRestTemplate().getInterceptors().add(new BearerKey(key));
    }

    private record BearerKey(String key) implements org.springframework.http.client.ClientHttpRequestInterceptor {
        @Override
        public org.springframework.http.client.ClientHttpResponse intercept(
                org.springframework.http.HttpRequest request,
                byte[] body,
                org.springframework.http.client.ClientHttpRequestExecution execution)
                throws java.io.IOException {
            request.getHeaders().setBearerAuth(key);
            return execution.execute(request, body);
        }
    }

    private final String a = UUID.randomUUID().toString();
    private final String b = UUID.randomUUID().toString();
    private final String c = UUID.randomUUID().toString();

    @Test
    void pipelineAndFunnelAnswerFromWhatWasWrittenAsOfAnyInstant() throws InterruptedException {
        create(a, "alice", "web", "1000.00", "CNY", null, "2026-01-05T09:00:00Z");
        post(
                "/api/opportunities/" + a + "/stage",
                Map.of("stage", "solution-discussion", "occurredAt", "2026-01-10T09:00:00Z"));
        post("/api/opportunities/" + a + "/lose", Map.of("reason", "price", "occurredAt", "2026-01-20T09:00:00Z"));
        create(b, "bob", "fair", "500.00", "USD", "needs-confirmed", "2026-01-06T09:00:00Z");
        post(
                "/api/opportunities/" + b + "/stage",
                Map.of("stage", "negotiation", "occurredAt", "2026-01-08T09:00:00Z"));
        create(c, "alice", "web", "2000.00", "CNY", null, "2026-02-01T00:00:00Z");
        post(
                "/api/opportunities/" + c + "/convert",
                Map.of(
                        "expectedAmount",
                        Map.of("value", "2000.00", "currency", "CNY"),
                        "expectedCloseDate",
                        "2026-03-31",
                        "occurredAt",
                        "2026-02-10T00:00:00Z"));

        JsonNode funnel = await(
                "/api/funnel",
                f -> f.path("overall").path("created").asLong() == 3
                        && f.path("overall").path("won").asLong() == 1
                        && f.path("overall").path("lost").asLong() == 1);
        assertThat(funnel.path("pipeline").asText()).isEqualTo("default");
        assertThat(column(funnel, "stage"))
                .containsExactly("initial-contact", "needs-confirmed", "solution-discussion", "negotiation");
        assertThat(column(funnel, "reached")).containsExactly("3", "3", "3", "2");
        assertThat(column(funnel, "lost")).containsExactly("0", "0", "1", "0");
        assertThat(column(funnel, "current")).containsExactly("0", "0", "0", "1");
        assertThat(funnel.path("overall").path("open").asLong()).isEqualTo(1);
        assertThat(funnel.path("overall").path("winRate").asDouble()).isEqualTo(0.5);

        JsonNode before = get("/api/funnel?asOf=2026-01-10T08:59:59Z").getBody();
        assertThat(column(before, "reached")).containsExactly("2", "1", "1", "1");
        JsonNode at = get("/api/funnel?asOf=2026-01-10T09:00:00Z").getBody();
        assertThat(column(at, "reached")).containsExactly("2", "2", "2", "1");
        assertThat(at.path("asOf").asText()).isEqualTo("2026-01-10T09:00:00Z");
        JsonNode february = get("/api/funnel?from=2026-02-01&to=2026-03-01").getBody();
        assertThat(february.path("overall").path("created").asLong()).isEqualTo(1);
        assertThat(get("/api/funnel?owner=bob")
                        .getBody()
                        .path("overall")
                        .path("created")
                        .asLong())
                .isEqualTo(1);

        JsonNode pipeline = await("/api/pipeline", p -> p.path("count").asLong() == 1);
        JsonNode negotiation = pipeline.path("stages").get(3);
        assertThat(negotiation.path("stage").asText()).isEqualTo("negotiation");
        assertThat(negotiation.path("count").asLong()).isEqualTo(1);
        assertThat(negotiation.path("amounts").get(0).path("value").asText()).isEqualTo("500.00");
        assertThat(negotiation.path("weighted").get(0).path("value").asText()).isEqualTo("375.00");
        assertThat(negotiation.path("weighted").get(0).path("currency").asText())
                .isEqualTo("USD");
        assertThat(get("/api/pipeline?owner=alice").getBody().path("count").asLong())
                .isZero();

        ResponseEntity<JsonNode> unknown = get("/api/pipeline?pipeline=nope");
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(unknown.getBody().path("errors").findValuesAsText("field"))
                .as("%s", unknown.getBody())
                .containsExactly("pipeline");
        ResponseEntity<JsonNode> malformed = get("/api/funnel?asOf=yesterday&from=2026-02-01&to=2026-01-01");
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(malformed.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(malformed.getBody().path("errors").findValuesAsText("field"))
                .as("%s", malformed.getBody())
                .containsExactly("asOf", "to");
    }

    private void create(
            String id, String owner, String source, String amount, String currency, String stage, String at) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "opportunityId",
                id,
                "title",
                "Deal " + id,
                "customer",
                Map.of("name", "ACME " + owner),
                "source",
                source,
                "amount",
                Map.of("value", amount, "currency", currency),
                "ownerId",
                owner,
                "occurredAt",
                at));
        if (stage != null) {
            body.put("stage", stage);
        }
        post("/api/opportunities", body);
    }

    private void post(String path, Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response =
                http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
        assertThat(response.getStatusCode().is2xxSuccessful())
                .as("%s -> %s", path, response.getBody())
                .isTrue();
    }

    private ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }

    /** Polls until the eventually consistent view satisfies the condition (bounded; not a timing assertion). */
    private JsonNode await(String path, Predicate<JsonNode> condition) throws InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 300; i++) {
            last = get(path).getBody();
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the view never caught up: " + last);
    }

    private static List<String> column(JsonNode funnel, String field) {
        List<String> values = new ArrayList<>();
        funnel.path("stages").forEach(stage -> values.add(stage.path(field).asText()));
        return values;
    }
}
