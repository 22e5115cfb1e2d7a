package com.opportunityengine.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Assignment over real HTTP against the command side on the embedded store: rules, capacity and absences, the
 * bad input each refuses with nothing changed, and creates without an owner assigned by the rules with the
 * decision in the stored event.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentApiIT {

    static final Path DATA = dataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    EngineHttp admin;
    EngineHttp rep;
    EngineHttp manager;
    String customerId;

    static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("assignment-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void users() {
        admin = new EngineHttp(port, DATA);
        user("ann", "SALES_REP", "east");
        user("bob", "SALES_REP", "east");
        user("cai", "SALES_REP", "east");
        user("meg", "SALES_MANAGER", "east");
        user("ivy", "ANALYST", "east");
        user("wes", "SALES_REP", "west");
        rep = admin.withKey(key("ann"));
        manager = admin.withKey(key("meg"));
        EngineHttp.Reply customer = admin.send(
                "POST", "/api/customers", "{\"name\": \"ACME\", \"region\": \"North\", \"industry\": \"Retail\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        customerId = customer.json().get("customerId").asText();
    }

    @BeforeEach
    void noRulesNoAbsences() {
        database.getCollection(AssignmentRules.COLLECTION).drop();
        for (String user : List.of("ann", "bob", "cai", "meg", "wes")) {
            assertThat(admin.send("PUT", "/api/users/" + user + "/availability", "{\"absences\": []}")
                            .status())
                    .isEqualTo(200);
            assertThat(admin.send("PUT", "/api/users/" + user + "/capacity", "{}")
                            .status())
                    .isEqualTo(200);
        }
    }

    private void user(String id, String role, String team) {
        EngineHttp.Reply created = admin.send(
                "POST",
                "/api/admin/users",
                "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"%s\"}"
                        .formatted(id, id, role, team));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private String key(String userId) {
        return admin.send("POST", "/api/admin/users/" + userId + "/api-keys", "")
                .json()
                .get("key")
                .asText();
    }

    private EngineHttp.Reply putRules(EngineHttp as, String rules) {
        return as.send("PUT", "/api/assignment/rules", "{\"rules\": [" + rules + "]}");
    }

    private EngineHttp.Reply createUnowned(EngineHttp as, String amount) {
        return as.send("POST", "/api/opportunities", """
                {"title": "ERP", "customerId": "%s", "source": "web",
                 "amount": {"value": "%s", "currency": "CNY"}, "occurredAt": "2026-01-05T09:00:00Z"}
                """.formatted(customerId, amount));
    }

    private JsonNode createdEvent(String opportunityId) {
        EngineHttp.Reply events = admin.get("/api/audit/opportunities/" + opportunityId + "/events");
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        return events.json().get("items").get(0).get("payload");
    }

    private static void assertInvalid(EngineHttp.Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.body()).contains(field);
    }

    @Test
    void rulesAreStoredAsVersionsAndTheCurrentOneIsAnswered() {
        assertThat(admin.get("/api/assignment/rules").json().get("version").asLong())
                .isZero();
        EngineHttp.Reply first = putRules(admin, """
                {"ruleId": "big", "match": {"amountAtLeast": {"value": "100000", "currency": "CNY"}},
                 "assignTo": {"userIds": ["wes"]}, "strategy": "ROUND_ROBIN"},
                {"ruleId": "rest", "assignTo": {"teamId": "east"}, "strategy": "LEAST_LOADED"}
                """);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("version").asLong()).isEqualTo(1);
        assertThat(putRules(
                                admin,
                                "{\"ruleId\": \"rest\", \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}")
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(2);
        JsonNode current = admin.get("/api/assignment/rules").json();
        assertThat(current.get("version").asLong()).isEqualTo(2);
        assertThat(current.get("definedBy").asText()).isEqualTo("admin");
        assertThat(current.get("rules")).hasSize(1);
        assertThat(current.get("rules").get(0).get("strategy").asText()).isEqualTo("ROUND_ROBIN");
    }

    @Test
    void badRuleSetsAreRefusedWholeWithNothingStored() {
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"teamId\": \"nowhere\"}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[0].assignTo.teamId"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"userIds\": [\"ann\", \"nobody\"]}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[0].assignTo.userIds[1]"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"userIds\": [\"ann\", \"ann\"]}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[0].assignTo.userIds[1]"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"teamId\": \"east\", \"userIds\": [\"ann\"]}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[0].assignTo"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"RANDOM\"}", "rules[0].strategy"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}, {\"ruleId\": \"a\", \"match\": {\"source\": \"web\"}, \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[1].ruleId"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}, {\"ruleId\": \"b\", \"match\": {\"source\": \"web\"}, \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[1].match"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"match\": {\"source\": \"web\"}, \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}, {\"ruleId\": \"b\", \"match\": {\"source\": \"web\"}, \"assignTo\": {\"teamId\": \"west\"}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[1].match"
        });
        bad.add(new String[] {
            "{\"ruleId\": \"a\", \"match\": {\"amountAtLeast\": {\"value\": \"10\", \"currency\": \"CNY\"}, \"amountBelow\": {\"value\": \"5\", \"currency\": \"CNY\"}}, \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}",
            "rules[0].match.amountBelow"
        });
        for (String[] each : bad) {
            assertInvalid(putRules(admin, each[0]), each[1]);
        }
        assertInvalid(admin.send("PUT", "/api/assignment/rules", "{}"), "rules");
        assertThat(admin.get("/api/assignment/rules").json().get("version").asLong())
                .isZero();
        assertThat(database.getCollection(AssignmentRules.COLLECTION).countDocuments())
                .isZero();
    }

    @Test
    void onlyAnAdminDefinesOrReadsRules() {
        String rules = "{\"ruleId\": \"a\", \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}";
        assertThat(putRules(rep, rules).status()).isEqualTo(403);
        assertThat(putRules(manager, rules).status()).isEqualTo(403);
        assertThat(rep.get("/api/assignment/rules").status()).isEqualTo(403);
        assertThat(rep.send("PUT", "/api/users/ann/capacity", "{\"maxOpen\": 100}")
                        .status())
                .isEqualTo(403);
        assertThat(database.getCollection(AssignmentRules.COLLECTION).countDocuments())
                .isZero();
    }

    @Test
    void capacityBelowZeroAndAbsencesEndingBeforeTheyStartAreRefusedWithNothingChanged() {
        assertThat(admin.send("PUT", "/api/users/bob/capacity", "{\"maxOpen\": 3}")
                        .json()
                        .get("maxOpen")
                        .asInt())
                .isEqualTo(3);
        assertInvalid(admin.send("PUT", "/api/users/bob/capacity", "{\"maxOpen\": -1}"), "maxOpen");
        assertThat(admin.send("PUT", "/api/users/nobody/capacity", "{\"maxOpen\": 1}")
                        .status())
                .isEqualTo(404);
        String away = "{\"absences\": [{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-02-08T00:00:00Z\"}]}";
        assertThat(admin.send("PUT", "/api/users/bob/availability", away).status())
                .isEqualTo(200);
        assertInvalid(
                admin.send(
                        "PUT",
                        "/api/users/bob/availability",
                        "{\"absences\": [{\"from\": \"2026-03-08T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}]}"),
                "absences[0].to");
        assertInvalid(
                admin.send(
                        "PUT", "/api/users/bob/availability", "{\"absences\": [{\"from\": \"2026-03-08T00:00:00Z\"}]}"),
                "absences[0]");
        JsonNode bob =
                admin.send("PUT", "/api/users/bob/capacity", "{\"maxOpen\": 3}").json();
        assertThat(bob.get("absences")).hasSize(1);
        assertThat(bob.get("absences").get(0).get("from").asText()).isEqualTo("2026-02-01T00:00:00Z");
    }

    @Test
    void aRepSetsTheirOwnAbsencesAManagerTheirTeamsNobodyElses() {
        String away = "{\"absences\": [{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-02-08T00:00:00Z\"}]}";
        assertThat(rep.send("PUT", "/api/users/ann/availability", away).status())
                .isEqualTo(200);
        assertThat(rep.send("PUT", "/api/users/bob/availability", away).status())
                .isEqualTo(404);
        assertThat(manager.send("PUT", "/api/users/bob/availability", away).status())
                .isEqualTo(200);
        assertThat(manager.send("PUT", "/api/users/wes/availability", away).status())
                .isEqualTo(404);
        assertThat(admin.withKey(key("ivy"))
                        .send("PUT", "/api/users/ivy/availability", away)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aCreateWithoutAnOwnerIsAssignedByTheRulesAndTheStoredEventSaysHowAndWhy() {
        putRules(admin, "{\"ruleId\": \"east\", \"assignTo\": {\"teamId\": \"east\"}, \"strategy\": \"ROUND_ROBIN\"}");
        admin.send(
                "PUT",
                "/api/users/ann/availability",
                "{\"absences\": [{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-10T00:00:00Z\"}]}");
        admin.send("PUT", "/api/users/cai/capacity", "{\"active\": false}");
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EngineHttp.Reply created = createUnowned(rep, "5000");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode event = createdEvent(created.json().get("opportunityId").asText());
            owners.add(event.get("ownerId").asText());
            JsonNode decision = event.get("assignment");
            assertThat(decision.get("ruleId").asText()).isEqualTo("east");
            assertThat(decision.get("ruleVersion").asLong()).isEqualTo(1);
            assertThat(decision.get("candidates").toString()).isEqualTo("[\"ann\",\"bob\",\"cai\",\"ivy\",\"meg\"]");
            assertThat(decision.get("passedOver").toString())
                    .contains("{\"userId\":\"ann\",\"reason\":\"ABSENT\"}")
                    .contains("{\"userId\":\"cai\",\"reason\":\"DEACTIVATED\"}")
                    .contains("{\"userId\":\"ivy\",\"reason\":\"NO_SALES_ROLE\"}");
        }
        // round robin between the two available members of the team
        assertThat(owners.subList(0, 2)).containsExactlyInAnyOrder("bob", "meg");
        assertThat(owners.get(2)).isEqualTo(owners.get(0));
    }

    @Test
    void withNoRuleACreateWithoutAnOwnerIsRefusedWithNoAssigneeAndAppendsNothing() {
        long events = database.getCollection("events").countDocuments();
        EngineHttp.Reply refused = createUnowned(admin, "5000");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("NO_ASSIGNEE");
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(events);
    }

    @Test
    void capacityIsCountedFromTheOpenOpportunitiesTheMemberOwns() {
        putRules(
                admin,
                "{\"ruleId\": \"wes-only\", \"assignTo\": {\"userIds\": [\"wes\"]}, \"strategy\": \"LEAST_LOADED\"}");
        long open = new OpenOpportunities(database).count("wes");
        admin.send("PUT", "/api/users/wes/capacity", "{\"maxOpen\": " + (open + 1) + "}");
        EngineHttp.Reply first = createUnowned(admin, "5000");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        EngineHttp.Reply full = createUnowned(admin, "5000");
        assertThat(full.status()).as(full.toString()).isEqualTo(409);
        assertThat(full.body()).contains("AT_CAPACITY");
        String id = first.json().get("opportunityId").asText();
        assertThat(admin.send("POST", "/api/opportunities/" + id + "/lose", "{\"reason\": \"price\"}")
                        .status())
                .isEqualTo(200);
        assertThat(createUnowned(admin, "5000").status()).isEqualTo(201);
    }

    @Test
    void aCreateNamingItsOwnerIsUnchanged() {
        EngineHttp.Reply created = admin.send("POST", "/api/opportunities", """
                {"title": "ERP", "customerId": "%s", "source": "web", "ownerId": "wes",
                 "amount": {"value": "5", "currency": "CNY"}, "occurredAt": "2026-01-05T09:00:00Z"}
                """.formatted(customerId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode event = createdEvent(created.json().get("opportunityId").asText());
        assertThat(event.get("ownerId").asText()).isEqualTo("wes");
        assertThat(event.get("assignment").isNull()).isTrue();
    }
}
