package com.opportunityengine.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.EngineHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The command API over real HTTP against the engine on the embedded store. */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommandApiIT {

    static final Path DATA = EngineFixture.newDataDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStorageEngine storageEngine;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("opportunityRepository")
    org.axonframework.modelling.command.Repository<?> opportunityRepository;

    @Autowired
    com.opportunityengine.security.UserDirectory users;

    EngineHttp api;

    @BeforeEach
    void client() {
        api = new EngineHttp(port, DATA);
        // the owners and team members these tests name are users of the engine (a second create changes nothing)
        for (String user : List.of("alice", "carol", "dave")) {
            users.create(new com.opportunityengine.security.User(
                    user,
                    user,
                    java.util.Set.of(com.opportunityengine.security.Role.SALES_REP),
                    null,
                    java.time.Instant.now()));
        }
    }

    @Test
    void anOwnerOrTeamMemberThatIsNoUserIsRefusedWithAProblemAndNothingIsAppended() {
        String customerId = newCustomer();
        String id = newOpportunity(customerId);
        String base = "/api/opportunities/" + id;
        long before = events();
        for (String[] request : List.of(
                new String[] {
                    "POST",
                    "/api/opportunities",
                    opportunityBody(customerId, "").replace("\"alice\"", "\"nobody\"")
                },
                new String[] {"POST", "/api/opportunities", """
                        {"title": "Inline", "customer": {"name": "Never registered"}, "source": "web",
                         "amount": {"value": 1, "currency": "CNY"}, "ownerId": "nobody"}"""},
                new String[] {"PUT", base + "/owner", "{\"ownerId\": \"nobody\"}"},
                new String[] {"POST", base + "/team", "{\"memberId\": \"nobody\", \"role\": \"presales\"}"})) {
            EngineHttp.Reply reply = api.send(request[0], request[1], request[2]);
            assertThat(reply.status())
                    .as(String.join(" ", request) + " -> " + reply)
                    .isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.body()).contains("nobody").contains("names no user");
        }
        // nothing appended: no opportunity, no inline customer, no owner or team change
        assertThat(events()).isEqualTo(before);
        // a user of the engine is accepted, as before
        assertVersion(api.send("PUT", base + "/owner", "{\"ownerId\": \"carol\"}"), 200, 1);
    }

    long events() {
        return database.getCollection("events").countDocuments();
    }

    String newCustomer() {
        EngineHttp.Reply response =
                api.send("POST", "/api/customers", "{\"name\": \"ACME Ltd\", \"region\": \"East\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("customerId").asText();
    }

    String newOpportunity(String customerId) {
        EngineHttp.Reply response = api.send("POST", "/api/opportunities", opportunityBody(customerId, ""));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("opportunityId").asText();
    }

    static String opportunityBody(String customerId, String extra) {
        return """
                {"title": "ERP rollout", "customerId": "%s", "source": "referral",
                 "amount": {"value": "125000.00", "currency": "CNY"}, "ownerId": "alice",
                 "occurredAt": "2026-01-05T09:00:00Z"%s}
                """.formatted(customerId, extra);
    }

    static void assertVersion(EngineHttp.Reply response, int status, long version) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().get("version").asLong())
                .as(response.toString())
                .isEqualTo(version);
        assertThat(response.header("ETag")).isEqualTo("\"" + version + "\"");
    }

    // ---- happy paths ------------------------------------------------------------------------

    @Test
    void anOpportunityGoesThroughItsWholeLife() {
        String customerId = newCustomer();
        EngineHttp.Reply patchedCustomer =
                api.send("PATCH", "/api/customers/" + customerId, "{\"industry\": \"Retail\"}");
        assertVersion(patchedCustomer, 200, 1);

        String id = UUID.randomUUID().toString();
        EngineHttp.Reply created = api.send(
                "POST",
                "/api/opportunities",
                opportunityBody(
                        customerId, ", \"opportunityId\": \"" + id + "\", \"expectedCloseDate\": \"2026-06-30\""));
        assertVersion(created, 201, 0);
        assertThat(created.header("Location")).isEqualTo("http://localhost:" + port + "/api/opportunities/" + id);
        assertThat(created.json().get("opportunityId").asText()).isEqualTo(id);
        String base = "/api/opportunities/" + id;

        assertVersion(api.send("PATCH", base, "{\"title\": \"ERP rollout, phase 1\"}"), 200, 1);
        EngineHttp.Reply contact = api.send(
                "POST",
                base + "/contacts",
                "{\"channel\": \"MEETING\", \"direction\": \"OUTBOUND\", \"summary\": \"kick-off\", \"participants\": [\"Li Lei\"]}");
        assertVersion(contact, 201, 2);
        assertThat(contact.header("Location"))
                .endsWith(base + "/contacts/" + contact.json().get("contactId").asText());
        String taskId = UUID.randomUUID().toString();
        EngineHttp.Reply task = api.send(
                "POST",
                base + "/tasks",
                "{\"taskId\": \"" + taskId + "\", \"assigneeId\": \"bob\","
                        + " \"dueAt\": \"2026-03-01T09:30:00Z\", \"type\": \"CALL\", \"description\": \"call back\"}");
        assertVersion(task, 201, 3);
        assertThat(task.json().get("taskId").asText()).isEqualTo(taskId);
        assertVersion(api.send("POST", base + "/tasks/" + taskId + "/complete", "{\"outcome\": \"reached\"}"), 200, 4);
        EngineHttp.Reply stage = api.send("POST", base + "/stage", "{\"stage\": \"solution-discussion\"}");
        assertVersion(stage, 200, 5);
        assertThat(stage.json().get("stage").asText()).isEqualTo("solution-discussion");
        assertVersion(api.send("PUT", base + "/owner", "{\"ownerId\": \"carol\", \"reason\": \"territory\"}"), 200, 6);
        assertVersion(api.send("POST", base + "/team", "{\"memberId\": \"dave\", \"role\": \"presales\"}"), 200, 7);
        assertVersion(api.send("DELETE", base + "/team/dave", null), 200, 8);
        EngineHttp.Reply document = api.send(
                "POST",
                base + "/documents",
                "{\"name\": \"Quote\", \"uri\": \"https://docs.example.com/quote.pdf\", \"mediaType\": \"application/pdf\"}");
        assertVersion(document, 201, 9);
        assertVersion(api.send("POST", base + "/lose", "{\"reason\": \"price\", \"competitor\": \"Globex\"}"), 200, 10);
        EngineHttp.Reply closedStage = api.send("POST", base + "/stage", "{\"stage\": \"negotiation\"}");
        assertThat(closedStage.status()).as(closedStage.toString()).isEqualTo(409);
        assertThat(closedStage.json().get("code").asText()).isEqualTo("OPPORTUNITY_CLOSED");
        assertVersion(api.send("POST", base + "/reopen", "{\"reason\": \"budget found\"}"), 200, 11);
        String dealId = UUID.randomUUID().toString();
        EngineHttp.Reply converted = api.send(
                "POST",
                base + "/convert",
                "{\"dealId\": \"" + dealId + "\","
                        + " \"expectedAmount\": {\"value\": 120000, \"currency\": \"CNY\"}, \"expectedCloseDate\": \"2026-07-31\"}");
        assertVersion(converted, 201, 12);
        assertThat(converted.header("Location")).endsWith("/api/deals/" + dealId);
        assertThat(api.send("POST", base + "/reopen", "{\"reason\": \"again\"}").status())
                .isEqualTo(409);
        EngineHttp.Reply closed = api.send(
                "POST",
                "/api/deals/" + dealId + "/close",
                "{\"outcome\": \"BOOKED\", \"actualAmount\": {\"value\": \"118000.50\", \"currency\": \"CNY\"}}");
        assertVersion(closed, 200, 1);
    }

    @Test
    void anInlineCustomerIsRegisteredWithTheOpportunity() {
        long before = events();
        EngineHttp.Reply created = api.send("POST", "/api/opportunities", """
                {"title": "CRM", "customer": {"name": "Initech", "industry": "Software"}, "source": "web",
                 "amount": {"value": 5000, "currency": "USD"}, "ownerId": "alice"}
                """);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(events()).isEqualTo(before + 2);
        Document opportunityCreated = database.getCollection("events")
                .find(Filters.eq(
                        "aggregateIdentifier",
                        created.json().get("opportunityId").asText()))
                .first();
        assertThat(opportunityCreated.getString("payload")).contains("\"customerId\"");
    }

    @Test
    void aPersonsForecastIsRecordedAtItsTimeAndTheSameForecastAgainAppendsNothing() throws Exception {
        String id = newOpportunity(newCustomer());
        String forecast = "/api/opportunities/" + id + "/forecast";
        EngineHttp.Reply set = api.send(
                "PUT",
                forecast,
                "{\"probability\": 60, \"forecastCategory\": \"BEST_CASE\", \"occurredAt\": \"2026-01-06T10:00:00Z\"}",
                "If-Match",
                "\"0\"");
        assertVersion(set, 200, 1);
        Document updated = database.getCollection("events")
                .find(Filters.and(Filters.eq("aggregateIdentifier", id), Filters.eq("sequenceNumber", 1L)))
                .first();
        assertThat(updated.getString("payloadType"))
                .isEqualTo("com.opportunityengine.events.opportunity.ForecastUpdated");
        assertThat(updated.getString("payloadRevision")).isEqualTo("1");
        JsonNode payload = EngineHttp.JSON.readTree(updated.getString("payload"));
        assertThat(payload.get("probability").asInt()).isEqualTo(60);
        assertThat(payload.get("forecastCategory").asText()).isEqualTo("BEST_CASE");
        assertThat(payload.get("occurredAt").asText()).isEqualTo("2026-01-06T10:00:00Z");

        long after = events();
        assertVersion(api.send("PUT", forecast, "{\"probability\": 60, \"forecastCategory\": \"BEST_CASE\"}"), 200, 1);
        assertThat(events()).isEqualTo(after);
        EngineHttp.Reply stale = api.send("PUT", forecast, "{\"probability\": 80}", "If-Match", "\"0\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(events()).isEqualTo(after);
        assertVersion(api.send("PUT", forecast, "{\"forecastCategory\": \"COMMIT\"}", "If-Match", "\"1\""), 200, 2);

        // with an Idempotency-Key a repeat is answered once
        String key = "forecast-" + UUID.randomUUID();
        EngineHttp.Reply first = api.send("PUT", forecast, "{\"probability\": 80}", "Idempotency-Key", key);
        assertVersion(first, 200, 3);
        EngineHttp.Reply repeat = api.send("PUT", forecast, "{\"probability\": 80}", "Idempotency-Key", key);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(events()).isEqualTo(after + 2);
    }

    // ---- ETag / If-Match ----------------------------------------------------------------------

    @Test
    void ifMatchGuardsAgainstLostUpdates() {
        String id = newOpportunity(newCustomer());
        assertVersion(
                api.send("PATCH", "/api/opportunities/" + id, "{\"description\": \"v1\"}", "If-Match", "\"0\""),
                200,
                1);
        long before = events();
        EngineHttp.Reply stale =
                api.send("PATCH", "/api/opportunities/" + id, "{\"description\": \"v2\"}", "If-Match", "0");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(events()).isEqualTo(before);
        assertVersion(
                api.send("PATCH", "/api/opportunities/" + id, "{\"description\": \"v2\"}", "If-Match", "1"), 200, 2);
    }

    /** A version the aggregate has not reached is no more current than a stale one: 412, on every aggregate. */
    @Test
    void ifMatchNamingAFutureVersionIs412() {
        String customer = newCustomer();
        String id = newOpportunity(customer);
        long before = events();
        EngineHttp.Reply opportunity =
                api.send("PATCH", "/api/opportunities/" + id, "{\"description\": \"later\"}", "If-Match", "\"5\"");
        EngineHttp.Reply customerUpdate =
                api.send("PATCH", "/api/customers/" + customer, "{\"industry\": \"Retail\"}", "If-Match", "\"5\"");
        for (EngineHttp.Reply reply : List.of(opportunity, customerUpdate)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(412);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(events()).isEqualTo(before);
        assertVersion(
                api.send("PATCH", "/api/customers/" + customer, "{\"industry\": \"Retail\"}", "If-Match", "\"0\""),
                200,
                1);
    }

    /**
     * Another command node appended to an opportunity this node has cached: the cache entry is checked against the
     * log before use, so the command decides on the current state and succeeds at once, nothing refused.
     */
    @Test
    void aCachedAggregateAnotherNodeChangedIsReloadedBeforeTheCommandDecides() {
        assertThat(opportunityRepository)
                .isInstanceOf(org.axonframework.eventsourcing.CachingEventSourcingRepository.class);
        String id = newOpportunity(newCustomer());
        assertVersion(api.send("PATCH", "/api/opportunities/" + id, "{\"description\": \"v1\"}"), 200, 1);
        // another node's append, straight into the log
        storageEngine.appendEvents(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                "Opportunity",
                id,
                2,
                new com.opportunityengine.events.opportunity.OpportunityDetailsUpdated(
                        com.opportunityengine.events.opportunity.OpportunityId.of(id),
                        null,
                        "from another node",
                        null,
                        null,
                        null,
                        null,
                        java.time.Instant.parse("2026-01-06T09:00:00Z"))));
        long before = events();

        assertVersion(
                api.send("PATCH", "/api/opportunities/" + id, "{\"description\": \"v3\"}", "If-Match", "\"2\""),
                200,
                3);
        assertThat(events()).isEqualTo(before + 1);
    }

    // ---- correlation and metadata -----------------------------------------------------------

    @Test
    void everyEventCarriesTheRequestMetadata() throws Exception {
        EngineHttp.Reply created = api.send(
                "POST",
                "/api/opportunities",
                """
                {"title": "CRM", "customer": {"name": "Hooli"}, "source": "web",
                 "amount": {"value": 1, "currency": "USD"}, "ownerId": "alice"}
                """,
                "X-Correlation-Id",
                "it-corr:42",
                "Idempotency-Key",
                "meta-" + UUID.randomUUID());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("X-Correlation-Id")).isEqualTo("it-corr:42");
        String opportunityId = created.json().get("opportunityId").asText();
        List<Document> caused = database.getCollection("events")
                .find(Filters.regex("metaData", "it-corr:42"))
                .into(new java.util.ArrayList<>());
        assertThat(caused).hasSize(2);
        assertThat(caused).anyMatch(event -> opportunityId.equals(event.getString("aggregateIdentifier")));
        for (Document event : caused) {
            JsonNode metaData = EngineHttp.JSON.readTree(event.getString("metaData"));
            assertThat(metaData.get("correlationId").asText()).isEqualTo("it-corr:42");
            assertThat(metaData.get("actor").asText()).isEqualTo("admin");
            assertThat(metaData.get("idempotencyKey").asText()).startsWith("meta-");
            assertThat(metaData.get("clientAddress").asText()).isNotBlank();
            assertThat(metaData.get("causationId").asText())
                    .isNotBlank()
                    .isNotEqualTo(event.getString("eventIdentifier"));
        }
        assertThat(caused.get(0).getString("metaData"))
                .doesNotContain(EngineHttp.JSON
                        .readTree(caused.get(1).getString("metaData"))
                        .get("causationId")
                        .asText());
    }

    @Test
    void aMadeUpCorrelationIdIsEchoed() {
        EngineHttp.Reply response = api.send("POST", "/api/customers", "{\"name\": \"Umbrella\"}");
        assertThat(response.header("X-Correlation-Id")).matches("[0-9a-f-]{36}");
    }

    // ---- idempotency ------------------------------------------------------------------------

    @Test
    void aRepeatWithTheSameKeyReplaysTheFirstResponseAndAppendsNothing() {
        String key = "create-" + UUID.randomUUID();
        String body = opportunityBody(newCustomer(), "");
        EngineHttp.Reply first = api.send("POST", "/api/opportunities", body, "Idempotency-Key", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        long after = events();
        EngineHttp.Reply again = api.send("POST", "/api/opportunities", body, "Idempotency-Key", key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(events()).isEqualTo(after);

        EngineHttp.Reply different =
                api.send("POST", "/api/opportunities", body.replace("ERP", "CRM"), "Idempotency-Key", key);
        assertThat(different.status()).as(different.toString()).isEqualTo(422);
        assertThat(different.header("Content-Type")).startsWith("application/problem+json");
        assertThat(events()).isEqualTo(after);
    }

    @Test
    void aRepeatWhileTheFirstStillRunsIsA409() throws Exception {
        String key = "running-" + UUID.randomUUID();
        String body = "{\"name\": \"Stark\"}";
        // the ledger files a key under its caller's user id
        database.getCollection("idempotency_keys")
                .insertOne(new Document("_id", "admin:" + key)
                        // the ledger fingerprints a JSON body in canonical form: keys sorted, no whitespace
                        .append("fingerprint", fingerprint("POST", "/api/customers", "{\"name\":\"Stark\"}"))
                        .append("state", "IN_PROGRESS")
                        .append("claimedAt", new Date()));
        long before = events();
        EngineHttp.Reply response = api.send("POST", "/api/customers", body, "Idempotency-Key", key);
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.json().get("type").asText()).endsWith("idempotency-key-in-use");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aFailedRequestReleasesItsKey() {
        String key = "fails-" + UUID.randomUUID();
        EngineHttp.Reply failed = api.send(
                "POST",
                "/api/opportunities/" + UUID.randomUUID() + "/lose",
                "{\"reason\": \"price\"}",
                "Idempotency-Key",
                key);
        assertThat(failed.status()).isEqualTo(404);
        String id = newOpportunity(newCustomer());
        EngineHttp.Reply retried = api.send(
                "POST", "/api/opportunities/" + id + "/lose", "{\"reason\": \"price\"}", "Idempotency-Key", key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    }

    static String fingerprint(String method, String path, String body) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((method + "\n" + path + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    // ---- the bad-input matrix ---------------------------------------------------------------

    static final String KNOWN = "{known}";
    static final String CUSTOMER = "{customer}";

    static Stream<Arguments> badInput() {
        String create = "/api/opportunities";
        String opp = "/api/opportunities/" + KNOWN;
        return Stream.of(
                Arguments.of("malformed JSON", "POST", create, "{\"title\": ", 400, null),
                Arguments.of(
                        "wrong type",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, "").replace("\"ERP rollout\"", "[1]"),
                        400,
                        "title"),
                Arguments.of(
                        "number for text",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, "").replace("\"referral\"", "7"),
                        400,
                        "source"),
                Arguments.of(
                        "missing field",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, "").replace("\"source\": \"referral\",", ""),
                        400,
                        "source"),
                Arguments.of(
                        "over-long field",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, "").replace("ERP rollout", "t".repeat(201)),
                        400,
                        "title"),
                Arguments.of(
                        "unknown enum",
                        "POST",
                        opp + "/contacts",
                        "{\"channel\": \"PIGEON\", \"direction\": \"INBOUND\", \"summary\": \"s\"}",
                        400,
                        "channel"),
                Arguments.of(
                        "bad currency",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, "").replace("CNY", "RMB"),
                        400,
                        "amount.currency"),
                Arguments.of(
                        "negative amount",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, "").replace("125000.00", "-5"),
                        400,
                        "amount"),
                Arguments.of(
                        "impossible date",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, ", \"expectedCloseDate\": \"2026-02-29\""),
                        400,
                        "expectedCloseDate"),
                Arguments.of(
                        "unknown id",
                        "POST",
                        "/api/opportunities/" + UUID.randomUUID() + "/lose",
                        "{\"reason\": \"x\"}",
                        404,
                        null),
                Arguments.of(
                        "unknown deal",
                        "POST",
                        "/api/deals/" + UUID.randomUUID() + "/close",
                        "{\"outcome\": \"BOOKED\"}",
                        404,
                        null),
                Arguments.of(
                        "unknown customer",
                        "POST",
                        create,
                        opportunityBody(UUID.randomUUID().toString(), ""),
                        404,
                        "code:CUSTOMER_NOT_FOUND"),
                Arguments.of(
                        "non-UUID path id", "POST", "/api/opportunities/123/lose", "{\"reason\": \"x\"}", 400, "id"),
                Arguments.of(
                        "non-UUID body id",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, ", \"opportunityId\": \"abc\""),
                        400,
                        "opportunityId"),
                Arguments.of(
                        "oversized body",
                        "POST",
                        create,
                        opportunityBody(CUSTOMER, ", \"description\": \"" + "x".repeat(70_000) + "\""),
                        413,
                        null),
                Arguments.of(
                        "oversized chunked body",
                        "POST-CHUNKED",
                        create,
                        opportunityBody(CUSTOMER, ", \"description\": \"" + "x".repeat(70_000) + "\""),
                        413,
                        null),
                Arguments.of(
                        "future occurredAt",
                        "POST",
                        opp + "/contacts",
                        "{\"channel\": \"CALL\", \"direction\": \"INBOUND\", \"summary\": \"s\", \"occurredAt\": \"2999-01-01T00:00:00Z\"}",
                        400,
                        "code:OCCURRED_IN_FUTURE"),
                Arguments.of(
                        "occurredAt before the previous event",
                        "POST",
                        opp + "/contacts",
                        "{\"channel\": \"CALL\", \"direction\": \"INBOUND\", \"summary\": \"s\", \"occurredAt\": \"2020-01-01T00:00:00Z\"}",
                        409,
                        "code:OCCURRED_BEFORE_PREVIOUS_EVENT"),
                Arguments.of(
                        "unknown stage", "POST", opp + "/stage", "{\"stage\": \"nowhere\"}", 400, "code:UNKNOWN_STAGE"),
                Arguments.of("inline customer, unknown pipeline", "POST", create, """
                        {"title": "t", "customer": {"name": "n"}, "source": "s", "pipeline": "nope",
                         "amount": {"value": 1, "currency": "CNY"}, "ownerId": "alice"}""", 400, "code:UNKNOWN_PIPELINE"),
                Arguments.of(
                        "backward move without reason",
                        "POST",
                        opp + "/stage",
                        "{\"stage\": \"initial-contact\"}",
                        409,
                        null),
                Arguments.of(
                        "forecast probability above 100",
                        "PUT",
                        opp + "/forecast",
                        "{\"probability\": 101}",
                        400,
                        "probability"),
                Arguments.of(
                        "forecast probability below 0",
                        "PUT",
                        opp + "/forecast",
                        "{\"probability\": -1, \"forecastCategory\": \"COMMIT\"}",
                        400,
                        "probability"),
                Arguments.of(
                        "forecast probability not whole",
                        "PUT",
                        opp + "/forecast",
                        "{\"probability\": 60.5}",
                        400,
                        "probability"),
                Arguments.of(
                        "unknown forecast category",
                        "PUT",
                        opp + "/forecast",
                        "{\"forecastCategory\": \"MAYBE\"}",
                        400,
                        "forecastCategory"),
                Arguments.of(
                        "forecast without probability or category",
                        "PUT",
                        opp + "/forecast",
                        "{\"occurredAt\": \"2026-02-01T00:00:00Z\"}",
                        400,
                        "code:FORECAST_MISSING"),
                Arguments.of(
                        "bad uri",
                        "POST",
                        opp + "/documents",
                        "{\"name\": \"n\", \"uri\": \"javascript:alert(1)\"}",
                        400,
                        "uri"),
                Arguments.of(
                        "bad correlation id", "POST", opp + "/lose", "{\"reason\": \"x\"}", 400, "X-Correlation-Id"),
                Arguments.of("wrong media type", "POST", opp + "/lose", "reason=x", 415, null),
                Arguments.of("wrong method", "GET", opp + "/lose", null, 405, null),
                Arguments.of("unknown path", "POST", "/api/nowhere", "{}", 404, null));
    }

    String known;
    String knownCustomer;

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRefusedWithAProblemAndAppendsNothing(
            String label, String method, String path, String body, int expectedStatus, String named) {
        if (known == null) {
            knownCustomer = newCustomer();
            known = newOpportunity(knownCustomer);
            assertThat(api.send("POST", "/api/opportunities/" + known + "/stage", "{\"stage\": \"needs-confirmed\"}")
                            .status())
                    .isEqualTo(200);
        }
        String resolvedPath = path.replace(KNOWN, known);
        String resolvedBody = body == null ? null : body.replace(CUSTOMER, knownCustomer);
        long before = events();
        String[] headers = switch (label) {
            case "bad correlation id" -> new String[] {"X-Correlation-Id", "no spaces allowed"};
            case "wrong media type" -> new String[] {"Content-Type", "application/x-www-form-urlencoded"};
            default -> new String[0];
        };
        EngineHttp.Reply response = method.equals("POST-CHUNKED")
                ? api.sendChunked("POST", resolvedPath, resolvedBody, headers)
                : api.send(method, resolvedPath, resolvedBody, headers);

        assertThat(response.status())
                .as(response.toString())
                .isEqualTo(expectedStatus)
                .isLessThan(500);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (named != null && named.startsWith("code:")) {
            assertThat(problem.get("code").asText()).isEqualTo(named.substring(5));
        } else if (named != null) {
            assertThat(problem.get("errors").findValuesAsText("field"))
                    .as(response.toString())
                    .contains(named);
        }
        assertThat(events()).as("events appended by a refused request").isEqualTo(before);
    }

    @Test
    void aClientChosenIdThatExistsIsA409() {
        String id = newOpportunity(newCustomer());
        long before = events();
        EngineHttp.Reply again = api.send(
                "POST", "/api/opportunities", opportunityBody(newCustomer(), ", \"opportunityId\": \"" + id + "\""));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("ALREADY_EXISTS");
        assertThat(events()).isEqualTo(before + 1); // the customer registered just above
    }
}
