package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Pipelines defined over HTTP: created, listed, validated, append-only, usable by opportunities at once. */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelinesIT {

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("pipelines-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    private static final String ENTERPRISE = """
            {"id": "enterprise", "name": "Enterprise sales", "stages": [
              {"code": "qualify", "name": "Qualify", "nameZh": "资格确认", "defaultProbability": 0.1},
              {"code": "propose", "name": "Propose", "defaultProbability": "0.4"}]}
            """;

    @Test
    void definesListsAndAppendsPipelinesAndOpportunitiesUseThem() {
        EngineHttp http = new EngineHttp(port, data);
        EngineHttp.Reply created = http.post("/api/pipelines", ENTERPRISE);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/pipelines/enterprise");
        assertThat(created.json().get("stages").get(0).get("nameZh").asText()).isEqualTo("资格确认");

        JsonNode list = http.get("/api/pipelines").json();
        assertThat(list.get("items").get(0).get("id").asText()).isEqualTo("default");
        assertThat(list.get("items").toString()).contains("\"enterprise\"");

        EngineHttp.Reply opportunity = http.post("/api/opportunities", """
                {"title": "Data platform", "customer": {"name": "Initech"}, "source": "referral",
                 "amount": {"value": "500000", "currency": "CNY"}, "ownerId": "alice",
                 "pipeline": "enterprise", "stage": "propose"}
                """);
        assertThat(opportunity.status()).as(opportunity.toString()).isEqualTo(201);

        EngineHttp.Reply dropped = http.post("/api/pipelines", """
                {"id": "enterprise", "name": "Enterprise", "stages": [
                  {"code": "propose", "name": "Propose", "defaultProbability": 0.4}]}
                """);
        assertThat(dropped.status()).as(dropped.toString()).isEqualTo(409);
        assertThat(dropped.json().get("code").asText()).isEqualTo("PIPELINE_STAGES_IN_USE");
        EngineHttp.Reply defaultChanged = http.post("/api/pipelines", """
                {"id": "default", "name": "Default", "stages": [
                  {"code": "only-one", "name": "Only", "defaultProbability": 0.4}]}
                """);
        assertThat(defaultChanged.status()).isEqualTo(409);

        EngineHttp.Reply appended = http.post("/api/pipelines", """
                {"id": "enterprise", "name": "Enterprise sales", "stages": [
                  {"code": "qualify", "name": "Qualify", "nameZh": "资格确认", "defaultProbability": 0.1},
                  {"code": "propose", "name": "Propose", "defaultProbability": 0.4},
                  {"code": "contract", "name": "Contract", "defaultProbability": 0.8}]}
                """);
        assertThat(appended.status()).as(appended.toString()).isEqualTo(200);
        assertThat(http.get("/api/pipelines/enterprise").json().get("stages")).hasSize(3);
    }

    @Test
    void refusesInvalidDefinitionsWithTheFieldsNamed() {
        EngineHttp http = new EngineHttp(port, data);
        EngineHttp.Reply badProbability = http.post("/api/pipelines", """
                {"id": "smb", "name": "SMB", "stages": [{"code": "a", "name": "A", "defaultProbability": 1.5}]}
                """);
        assertThat(badProbability.status()).as(badProbability.toString()).isEqualTo(400);
        assertThat(badProbability.json().get("errors").get(0).get("field").asText())
                .isEqualTo("stages[0].defaultProbability");

        EngineHttp.Reply duplicate = http.post("/api/pipelines", """
                {"id": "smb", "name": "SMB", "stages": [
                  {"code": "a", "name": "A", "defaultProbability": 0.1},
                  {"code": "a", "name": "A again", "defaultProbability": 0.2}]}
                """);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().get("errors").get(0).get("field").asText()).isEqualTo("stages[1].code");

        EngineHttp.Reply badCode = http.post("/api/pipelines", """
                {"id": "Not Valid", "name": "x", "stages": [{"code": "B!", "name": "B", "defaultProbability": 0.1}]}
                """);
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.json().get("errors")).hasSize(2);
        EngineHttp.Reply noStages = http.post("/api/pipelines", "{\"id\": \"smb\", \"name\": \"SMB\", \"stages\": []}");
        assertThat(noStages.status()).isEqualTo(400);
        assertThat(http.get("/api/pipelines/unknown").status()).isEqualTo(404);
    }
}
