package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Email sequences over real HTTP against the command side on the embedded store: the versioned definitions and
 * their bad input (nothing stored), enrolment and unenrolment with the opportunity's rules (a second active
 * sequence 409, nothing appended), an unknown sequence, and a rep's enrolment of an opportunity they cannot see.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailSequenceApiIT {

    static final Path DATA = dataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
        registry.add("engine.email.public-url", () -> "http://crm.example");
    }

    @LocalServerPort
    int port;

    EngineHttp admin;
    EngineHttp manager;
    EngineHttp rep;
    EngineHttp otherRep;
    String customerId;
    String templateId;

    static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("sequence-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void world() {
        admin = new EngineHttp(port, DATA);
        user("ann", "SALES_REP", "east");
        user("meg", "SALES_MANAGER", "east");
        user("wes", "SALES_REP", "west");
        rep = admin.withKey(key("ann"));
        manager = admin.withKey(key("meg"));
        otherRep = admin.withKey(key("wes"));
        EngineHttp.Reply customer = admin.post("/api/customers", """
                {"name": "Li Wei", "company": "Hangzhou Tea Co.", "email": "li.wei@tea.example"}""");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        customerId = customer.json().get("customerId").asText();
        EngineHttp.Reply template = manager.post("/api/email-templates", """
                {"name": "Follow-up", "locale": "en", "subject": "Hello {{customer.name}}", "text": "Hello"}""");
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        templateId = template.json().get("templateId").asText();
    }

    private void user(String id, String role, String team) {
        EngineHttp.Reply created = admin.post(
                "/api/admin/users",
                "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"%s\"}"
                        .formatted(id, id, role, team));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private String key(String userId) {
        return admin.post("/api/admin/users/" + userId + "/api-keys", "")
                .json()
                .get("key")
                .asText();
    }

    private String opportunity() {
        EngineHttp.Reply created = admin.post("/api/opportunities", """
                {"title": "ERP rollout", "customerId": "%s", "source": "referral", "ownerId": "ann",
                 "amount": {"value": "1250000.00", "currency": "CNY"}}""".formatted(customerId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("opportunityId").asText();
    }

    private String sequenceJson(String sequenceId, String name, String steps) {
        return "{" + (sequenceId == null ? "" : "\"sequenceId\": \"" + sequenceId + "\", ") + "\"name\": \"" + name
                + "\", \"steps\": " + steps + "}";
    }

    private String sequence() {
        EngineHttp.Reply saved = manager.post(
                "/api/email-sequences",
                sequenceJson(null, "Nurture", "[{\"templateId\": \"" + templateId + "\", \"delay\": \"P7D\"}]"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        return saved.json().get("sequenceId").asText();
    }

    private List<String> events(String opportunity) {
        List<String> types = new ArrayList<>();
        admin.get("/api/audit/opportunities/" + opportunity + "/events")
                .json()
                .get("items")
                .forEach(event -> {
                    String type = event.get("type").asText();
                    types.add(type.substring(type.lastIndexOf('.') + 1));
                });
        return types;
    }

    private static void problem(EngineHttp.Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aSequenceIsSavedVersionedAndRead() {
        EngineHttp.Reply saved = manager.post(
                "/api/email-sequences",
                sequenceJson(
                        null,
                        "Onboarding",
                        "[{\"templateId\": \"%s\", \"delay\": \"P1D\"}, {\"templateId\": \"%s\", \"delay\": \"P3D\"}]"
                                .formatted(templateId, templateId)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        String id = saved.json().get("sequenceId").asText();
        assertThat(saved.header("Location")).isEqualTo("/api/email-sequences/" + id);
        JsonNode body = saved.json();
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("createdBy").asText()).isEqualTo("meg");
        assertThat(body.get("steps")).hasSize(2);
        assertThat(body.get("steps").get(1).get("delay").asText()).isEqualTo("PT72H");
        assertThat(body.get("steps").get(0).get("templateVersion").asInt()).isEqualTo(1);

        EngineHttp.Reply next = admin.post(
                "/api/email-sequences",
                sequenceJson(id, "Onboarding 2", "[{\"templateId\": \"" + templateId + "\", \"delay\": \"PT12H\"}]"));
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
        assertThat(next.json().get("version").asInt()).isEqualTo(2);

        JsonNode versions = manager.get("/api/email-sequences/" + id).json();
        assertThat(versions.get("latest").get("name").asText()).isEqualTo("Onboarding 2");
        assertThat(versions.get("versions")).hasSize(2);
        List<String> names = new ArrayList<>();
        manager.get("/api/email-sequences").json().get("items").forEach(item -> {
            if (item.get("sequenceId").asText().equals(id)) {
                names.add(item.get("name").asText());
            }
        });
        assertThat(names).containsExactly("Onboarding 2");
        problem(manager.get("/api/email-sequences/" + UUID.randomUUID()), 404);
        assertThat(rep.post("/api/email-sequences", sequenceJson(null, "x", "[]"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void badDefinitionsAre400AndStoreNothing() {
        String id = UUID.randomUUID().toString();
        EngineHttp.Reply unknown = manager.post(
                "/api/email-sequences",
                sequenceJson(id, "Bad", "[{\"templateId\": \"" + UUID.randomUUID() + "\", \"delay\": \"P3D\"}]"));
        problem(unknown, 400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("steps[0].templateId");

        EngineHttp.Reply delay = manager.post(
                "/api/email-sequences",
                sequenceJson(id, "Bad", "[{\"templateId\": \"" + templateId + "\", \"delay\": \"three days\"}]"));
        problem(delay, 400);
        assertThat(delay.json().get("errors").get(0).get("field").asText()).isEqualTo("steps[0].delay");

        problem(
                manager.post(
                        "/api/email-sequences",
                        sequenceJson(id, "Bad", "[{\"templateId\": \"" + templateId + "\", \"delay\": \"-P1D\"}]")),
                400);
        problem(manager.post("/api/email-sequences", sequenceJson(id, "Bad", "[]")), 400);

        problem(manager.get("/api/email-sequences/" + id), 404);
    }

    @Test
    void enrolOnceUnenrolAndEnrolAgain() {
        String opportunity = opportunity();
        String sequence = sequence();
        List<String> created = events(opportunity);
        String path = "/api/opportunities/" + opportunity + "/sequence";

        EngineHttp.Reply enrolled = rep.post(path, "{\"sequenceId\": \"" + sequence + "\"}");
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        long version = created.size();
        assertThat(enrolled.json().get("version").asLong()).isEqualTo(version);
        assertThat(enrolled.header("ETag")).isEqualTo("\"" + version + "\"");

        EngineHttp.Reply again = rep.post(path, "{\"sequenceId\": \"" + sequence() + "\"}");
        problem(again, 409);
        assertThat(again.json().get("code").asText()).isEqualTo("SEQUENCE_ALREADY_ACTIVE");
        assertThat(events(opportunity)).hasSize(created.size() + 1).endsWith("SequenceEnrolled");

        EngineHttp.Reply unenrolled = manager.send("DELETE", path, null);
        assertThat(unenrolled.status()).as(unenrolled.toString()).isEqualTo(200);
        assertThat(unenrolled.json().get("version").asLong()).isEqualTo(version + 1);
        EngineHttp.Reply none = manager.send("DELETE", path, null);
        problem(none, 409);
        assertThat(none.json().get("code").asText()).isEqualTo("SEQUENCE_NOT_ACTIVE");

        assertThat(rep.post(path, "{\"sequenceId\": \"" + sequence + "\"}").status())
                .isEqualTo(200);
        assertThat(events(opportunity).subList(created.size(), created.size() + 3))
                .containsExactly("SequenceEnrolled", "SequenceUnenrolled", "SequenceEnrolled");
    }

    @Test
    void anUnknownSequenceAnUnseenOpportunityAndBadBodiesAppendNothing() {
        String opportunity = opportunity();
        String path = "/api/opportunities/" + opportunity + "/sequence";
        List<String> created = events(opportunity);

        EngineHttp.Reply unknown = rep.post(path, "{\"sequenceId\": \"" + UUID.randomUUID() + "\"}");
        problem(unknown, 400);
        assertThat(unknown.json().get("code").asText()).isEqualTo("UNKNOWN_EMAIL_SEQUENCE");
        problem(rep.post(path, "{}"), 400);
        problem(rep.post(path, "{\"sequenceId\": \"not-a-uuid\"}"), 400);

        String sequence = sequence();
        EngineHttp.Reply unknownVersion =
                rep.post(path, "{\"sequenceId\": \"" + sequence + "\", \"sequenceVersion\": 2}");
        problem(unknownVersion, 400);
        assertThat(unknownVersion.json().get("code").asText()).isEqualTo("UNKNOWN_EMAIL_SEQUENCE");
        problem(rep.post(path, "{\"sequenceId\": \"" + sequence + "\", \"sequenceVersion\": 0}"), 400);
        EngineHttp.Reply hidden = otherRep.post(path, "{\"sequenceId\": \"" + sequence + "\"}");
        problem(hidden, 404);
        assertThat(hidden.json().get("code").asText()).isEqualTo("OPPORTUNITY_NOT_FOUND");
        problem(otherRep.send("DELETE", path, null), 404);
        problem(
                rep.post(
                        "/api/opportunities/" + UUID.randomUUID() + "/sequence",
                        "{\"sequenceId\": \"" + sequence + "\"}"),
                404);

        assertThat(events(opportunity)).isEqualTo(created);
    }
}
