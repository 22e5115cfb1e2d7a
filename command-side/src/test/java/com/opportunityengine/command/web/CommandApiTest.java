package com.opportunityengine.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.customer.UpdateCustomer;
import com.opportunityengine.events.deal.CloseDeal;
import com.opportunityengine.events.deal.DealOutcome;
import com.opportunityengine.events.opportunity.AddTeamMember;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.CompleteFollowUp;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.LinkDocument;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.RemoveTeamMember;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.ScheduleFollowUp;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserAuthentication;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The command API's mapping (request → command → response) and every error shape, with a mocked gateway. */
// the audit, pipeline, import, assignment and email controllers read the store directly: they are not part of the
// command
// API slice (AssignmentApiIT tests the assignment ones over HTTP)
@WebMvcTest(
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = "com\\.opportunityengine\\.command\\.(audit|pipeline|imports|assignment|email)\\..*"))
@Import(WebSliceConfig.class)
class CommandApiTest {

    static final String OPP = "7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b";
    static final String CUSTOMER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String TASK = "11111111-2222-4333-8444-555555555555";
    static final String DEAL = "99999999-8888-4777-8666-555555555555";
    static final String BASE = "/api/opportunities/" + OPP;

    /** The authenticated user of every request (an ADMIN: this test is about mapping, not access). */
    static final User TEST_ADMIN = new User("test-admin", "Test admin", Set.of(Role.ADMIN), null, Instant.EPOCH);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway gateway;

    @MockitoBean(answers = Answers.RETURNS_DEEP_STUBS)
    MongoDatabase database;

    /** Every request of this test authenticates as {@link #TEST_ADMIN} unless it says otherwise. */
    @TestConfiguration
    static class AuthenticatedRequests {
        @Bean
        MockMvcBuilderCustomizer asTestAdmin() {
            return builder -> builder.defaultRequest(get("/").with(authentication(new UserAuthentication(TEST_ADMIN))));
        }
    }

    @Test
    void refusesARequestWithoutAKey() throws Exception {
        mvc.perform(post("/api/opportunities")
                        .with(anonymous())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(createBody("")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class));
    }

    @BeforeEach
    void gatewayAnswersVersionFive() {
        when(gateway.sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class)))
                .thenReturn(5L);
    }

    static String createBody(String extra) {
        return """
                {"title": "ERP rollout", "customerId": "%s", "source": "referral",
                 "amount": {"value": "125000.00", "currency": "CNY"}, "ownerId": "alice"%s}
                """.formatted(CUSTOMER, extra);
    }

    ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    <T> T sent(Class<T> type) {
        ArgumentCaptor<Object> command = ArgumentCaptor.forClass(Object.class);
        verify(gateway, org.mockito.Mockito.atLeastOnce())
                .sendAndWait(command.capture(), any(MetaData.class), anyLong(), any(TimeUnit.class));
        return command.getAllValues().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .reduce((a, b) -> b)
                .orElseThrow(() ->
                        new AssertionError("no " + type.getSimpleName() + " was sent: " + command.getAllValues()));
    }

    MetaData sentMetaData() {
        ArgumentCaptor<MetaData> metaData = ArgumentCaptor.forClass(MetaData.class);
        verify(gateway, org.mockito.Mockito.atLeastOnce())
                .sendAndWait(any(), metaData.capture(), anyLong(), any(TimeUnit.class));
        return metaData.getValue();
    }

    // ---- happy paths ------------------------------------------------------------------------

    @Test
    void createsAnOpportunityWithLocationVersionAndETag() throws Exception {
        send(post("/api/opportunities"), createBody(", \"opportunityId\": \"" + OPP + "\""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost/api/opportunities/" + OPP))
                .andExpect(header().string("ETag", "\"0\""))
                .andExpect(jsonPath("$.opportunityId").value(OPP))
                .andExpect(jsonPath("$.version").value(0));
        CreateOpportunity command = sent(CreateOpportunity.class);
        assertThat(command.opportunityId()).isEqualTo(OpportunityId.of(OPP));
        assertThat(command.customerId()).isEqualTo(CustomerId.of(CUSTOMER));
        assertThat(command.amount()).isEqualTo(Money.of("125000.00", "CNY"));
        assertThat(command.ownerId()).isEqualTo(UserId.of("alice"));
        assertThat(command.pipeline()).isNull();
    }

    @Test
    void makesUpAnOpportunityIdWhenNoneIsGiven() throws Exception {
        String location = send(post("/api/opportunities"), createBody(""))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("Location");
        assertThat(location)
                .endsWith("/api/opportunities/" + sent(CreateOpportunity.class).opportunityId());
    }

    @Test
    void registersAnInlineCustomerFirst() throws Exception {
        String body = """
                {"title": "ERP", "customer": {"name": "ACME", "region": "East"}, "source": "web",
                 "amount": {"value": 10, "currency": "EUR"}, "ownerId": "bob", "occurredAt": "2025-01-02T03:04:05Z"}
                """;
        send(post("/api/opportunities"), body).andExpect(status().isCreated());
        InOrder order = inOrder(gateway);
        ArgumentCaptor<Object> commands = ArgumentCaptor.forClass(Object.class);
        order.verify(gateway, org.mockito.Mockito.times(2))
                .sendAndWait(commands.capture(), any(MetaData.class), anyLong(), any(TimeUnit.class));
        RegisterCustomer register = (RegisterCustomer) commands.getAllValues().get(0);
        CreateOpportunity create = (CreateOpportunity) commands.getAllValues().get(1);
        assertThat(register.name()).isEqualTo("ACME");
        assertThat(register.occurredAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        assertThat(create.customerId()).isEqualTo(register.customerId());
    }

    @Test
    void aFutureOccurredAtWithAnInlineCustomerRegistersNothing() throws Exception {
        String body = """
                {"title": "ERP", "customer": {"name": "ACME"}, "source": "web",
                 "amount": {"value": 10, "currency": "EUR"}, "ownerId": "bob", "occurredAt": "2999-01-01T00:00:00Z"}
                """;
        send(post("/api/opportunities"), body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("OCCURRED_IN_FUTURE"));
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class));
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(post("/api/customers"), "{\"name\": \"ACME\"}", RegisterCustomer.class, 201),
                Arguments.of(patch("/api/customers/" + CUSTOMER), "{\"region\": \"North\"}", UpdateCustomer.class, 200),
                Arguments.of(patch(BASE), "{\"title\": \"New\"}", UpdateOpportunityDetails.class, 200),
                Arguments.of(
                        post(BASE + "/contacts"),
                        "{\"channel\": \"CALL\", \"direction\": \"OUTBOUND\", \"summary\": \"intro\"}",
                        LogContact.class,
                        201),
                Arguments.of(
                        post(BASE + "/tasks"),
                        "{\"assigneeId\": \"bob\", \"dueAt\": \"2026-03-01T09:30:00Z\","
                                + " \"type\": \"CALL\", \"description\": \"call back\"}",
                        ScheduleFollowUp.class,
                        201),
                Arguments.of(
                        post(BASE + "/tasks/" + TASK + "/complete"),
                        "{\"outcome\": \"done\"}",
                        CompleteFollowUp.class,
                        200),
                Arguments.of(post(BASE + "/stage"), "{\"stage\": \"negotiation\"}", AdvanceStage.class, 200),
                Arguments.of(put(BASE + "/owner"), "{\"ownerId\": \"carol\"}", AssignOwner.class, 200),
                Arguments.of(
                        post(BASE + "/team"),
                        "{\"memberId\": \"dave\", \"role\": \"presales\"}",
                        AddTeamMember.class,
                        200),
                Arguments.of(delete(BASE + "/team/dave"), "", RemoveTeamMember.class, 200),
                Arguments.of(
                        post(BASE + "/documents"),
                        "{\"name\": \"Quote\", \"uri\": \"https://docs.example.com/q.pdf\"}",
                        LinkDocument.class,
                        201),
                Arguments.of(post(BASE + "/lose"), "{\"reason\": \"price\"}", MarkLost.class, 200),
                Arguments.of(post(BASE + "/reopen"), "{\"reason\": \"back\"}", Reopen.class, 200),
                Arguments.of(
                        post(BASE + "/convert"),
                        "{\"expectedAmount\": {\"value\": \"1.5\", \"currency\": \"CNY\"},"
                                + " \"expectedCloseDate\": \"2026-06-30\"}",
                        ConvertToDeal.class,
                        201),
                Arguments.of(post("/api/deals/" + DEAL + "/close"), "{\"outcome\": \"BOOKED\"}", CloseDeal.class, 200));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("endpoints")
    void everyEndpointSendsItsCommandAndAnswersItsVersion(
            MockHttpServletRequestBuilder request, String body, Class<?> command, int expectedStatus) throws Exception {
        ResultActions result = body.isEmpty() ? mvc.perform(request) : send(request, body);
        result.andExpect(status().is(expectedStatus));
        assertThat(sent(command)).isNotNull();
        if (command != RegisterCustomer.class) {
            result.andExpect(header().string("ETag", "\"5\""))
                    .andExpect(jsonPath("$.version").value(5));
        }
        if (expectedStatus == 201) {
            result.andExpect(header().exists("Location"));
        }
    }

    @Test
    void mapsEveryFieldOfAStageMoveAndAnswersTheStage() throws Exception {
        send(
                        post(BASE + "/stage").header("If-Match", "\"3\""),
                        "{\"stage\": \"initial-contact\", \"reason\": \"re-qualify\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("initial-contact"));
        AdvanceStage command = sent(AdvanceStage.class);
        assertThat(command)
                .isEqualTo(new AdvanceStage(
                        OpportunityId.of(OPP),
                        StageCode.of("initial-contact"),
                        "re-qualify",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        3L));
    }

    @Test
    void ifMatchMayBeUnquotedAndWeak() throws Exception {
        send(post(BASE + "/lose").header("If-Match", "7"), "{\"reason\": \"price\"}")
                .andExpect(status().isOk());
        assertThat(sent(MarkLost.class).expectedVersion()).isEqualTo(7L);
        send(post(BASE + "/lose").header("If-Match", "W/\"8\""), "{\"reason\": \"price\"}")
                .andExpect(status().isOk());
        assertThat(sent(MarkLost.class).expectedVersion()).isEqualTo(8L);
    }

    @Test
    void convertsWithDealLocation() throws Exception {
        send(
                        post(BASE + "/convert"),
                        "{\"dealId\": \"" + DEAL + "\", \"expectedAmount\": {\"value\": 99.5, \"currency\": \"USD\"},"
                                + " \"expectedCloseDate\": \"2026-06-30\"}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost/api/deals/" + DEAL))
                .andExpect(jsonPath("$.dealId").value(DEAL));
        ConvertToDeal command = sent(ConvertToDeal.class);
        assertThat(command.expectedAmount()).isEqualTo(Money.of("99.5", "USD"));
        assertThat(command.expectedCloseDate()).isEqualTo(LocalDate.of(2026, 6, 30));
        send(post("/api/deals/" + DEAL + "/close"), "{\"outcome\": \"LOST\", \"reason\": \"budget\"}")
                .andExpect(status().isOk());
        assertThat(sent(CloseDeal.class).outcome()).isEqualTo(DealOutcome.LOST);
    }

    @Test
    void logsContactsWithParticipants() throws Exception {
        send(
                        post(BASE + "/contacts"),
                        "{\"channel\": \"DEMO\", \"direction\": \"INBOUND\", \"summary\": \"demo\","
                                + " \"participants\": [\"Li Lei\", \"Han Meimei\"]}")
                .andExpect(status().isCreated());
        LogContact command = sent(LogContact.class);
        assertThat(command.channel()).isEqualTo(ContactChannel.DEMO);
        assertThat(command.participants()).containsExactly("Li Lei", "Han Meimei");
        assertThat(command.contactId()).isNotNull();
    }

    // ---- metadata and correlation ------------------------------------------------------------

    @Test
    void sendsTheRequestMetadataAndEchoesTheCorrelationId() throws Exception {
        send(
                        post(BASE + "/lose").header("X-Correlation-Id", "order-42:retry.1"),
                        "{\"reason\": \"price\", \"actor\": \"mallory\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("X-Correlation-Id", "order-42:retry.1"));
        MetaData metaData = sentMetaData();
        assertThat(metaData)
                .containsEntry("correlationId", "order-42:retry.1")
                .containsEntry("actor", "test-admin")
                .containsEntry("clientAddress", "127.0.0.1");
    }

    @Test
    void makesUpACorrelationIdWhenNoneIsSent() throws Exception {
        String echoed = send(post(BASE + "/lose"), "{\"reason\": \"price\"}")
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getHeader("X-Correlation-Id");
        assertThat(echoed).matches("[0-9a-f-]{36}");
        assertThat(sentMetaData()).containsEntry("correlationId", echoed).doesNotContainKey("idempotencyKey");
    }

    @Test
    void rejectsAnInvalidCorrelationId() throws Exception {
        send(post(BASE + "/lose").header("X-Correlation-Id", "a b"), "{\"reason\": \"price\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("X-Correlation-Id"));
        send(post(BASE + "/lose").header("X-Correlation-Id", "x".repeat(101)), "{\"reason\": \"price\"}")
                .andExpect(status().isBadRequest());
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class));
    }

    // ---- bad input ----------------------------------------------------------------------------

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("missing title", createBody("").replace("\"title\": \"ERP rollout\",", ""), "title"),
                Arguments.of("blank title", createBody("").replace("ERP rollout", "  "), "title"),
                Arguments.of("title over 200", createBody("").replace("ERP rollout", "x".repeat(201)), "title"),
                Arguments.of(
                        "description over 4000",
                        createBody(", \"description\": \"" + "d".repeat(4001) + "\""),
                        "description"),
                Arguments.of("title as a number", createBody("").replace("\"ERP rollout\"", "42"), "title"),
                Arguments.of("title as an object", createBody("").replace("\"ERP rollout\"", "{}"), "title"),
                Arguments.of("bad currency", createBody("").replace("CNY", "XYZW"), "amount.currency"),
                Arguments.of("negative amount", createBody("").replace("125000.00", "-1"), "amount"),
                Arguments.of("five decimals", createBody("").replace("125000.00", "1.00001"), "amount"),
                Arguments.of("amount not a number", createBody("").replace("125000.00", "lots"), "amount.value"),
                Arguments.of(
                        "missing amount value", createBody("").replace("\"value\": \"125000.00\", ", ""), "amount"),
                Arguments.of(
                        "impossible date", createBody(", \"expectedCloseDate\": \"2026-02-30\""), "expectedCloseDate"),
                Arguments.of("not an instant", createBody(", \"occurredAt\": \"yesterday\""), "occurredAt"),
                Arguments.of("non-UUID id", createBody(", \"opportunityId\": \"1-2-3-4-5\""), "opportunityId"),
                Arguments.of("non-UUID customer", createBody("").replace(CUSTOMER, "acme"), "customerId"),
                Arguments.of("bad owner id", createBody("").replace("alice", "al ice"), "ownerId"),
                Arguments.of("bad stage code", createBody(", \"stage\": \"Negotiation!\""), "stage"),
                Arguments.of(
                        "related id not a UUID",
                        createBody(", \"relatedOpportunityIds\": [\"x\"]"),
                        "relatedOpportunityIds[0]"),
                Arguments.of(
                        "over 100 related",
                        createBody(", \"relatedOpportunityIds\": ["
                                + String.join(",", java.util.Collections.nCopies(101, "\"" + OPP + "\"")) + "]"),
                        "relatedOpportunityIds"),
                Arguments.of("customer and customerId", createBody(", \"customer\": {\"name\": \"ACME\"}"), "customer"),
                Arguments.of(
                        "inline customer without name",
                        createBody("")
                                .replace(
                                        "\"customerId\": \"" + CUSTOMER + "\"", "\"customer\": {\"region\": \"East\"}"),
                        "customer.name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsA400NamingTheFieldAndSendsNothing(String label, String body, String field) throws Exception {
        send(post("/api/opportunities"), body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:invalid-request"))
                .andExpect(jsonPath("$.title").exists())
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").exists())
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.hasItem(field)));
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class));
    }

    static Stream<Arguments> badContactsAndDocuments() {
        return Stream.of(
                Arguments.of(
                        "/contacts",
                        "{\"channel\": \"FAX\", \"direction\": \"INBOUND\", \"summary\": \"s\"}",
                        "channel"),
                Arguments.of("/contacts", "{\"channel\": \"CALL\", \"summary\": \"s\"}", "direction"),
                Arguments.of(
                        "/contacts",
                        "{\"channel\": \"CALL\", \"direction\": \"INBOUND\", \"summary\": \"s\", \"participants\": [\"\"]}",
                        "participants[0]"),
                Arguments.of("/documents", "{\"name\": \"Quote\", \"uri\": \"ftp://x/y\"}", "uri"),
                Arguments.of("/documents", "{\"name\": \"Quote\", \"uri\": \"/relative\"}", "uri"),
                Arguments.of(
                        "/documents",
                        "{\"name\": \"Quote\", \"uri\": \"https://x.example/" + "p".repeat(2000) + "\"}",
                        "uri"),
                Arguments.of(
                        "/tasks",
                        "{\"assigneeId\": \"bob\", \"dueAt\": \"2026-02-30T00:00:00Z\", \"type\": \"CALL\", \"description\": \"d\"}",
                        "dueAt"),
                Arguments.of(
                        "/tasks",
                        "{\"assigneeId\": \"bob\", \"dueAt\": \"2026-03-01T00:00:00Z\", \"type\": \"CALL\", \"description\": \"d\", \"taskId\": 5}",
                        "taskId"),
                Arguments.of("/team", "{\"memberId\": \"dave\"}", "role"),
                Arguments.of(
                        "/convert",
                        "{\"expectedAmount\": {\"value\": \"1\", \"currency\": \"CNY\"}}",
                        "expectedCloseDate"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badContactsAndDocuments")
    void badInputOnOpportunityCommandsNamesTheField(String path, String body, String field) throws Exception {
        send(post(BASE + path), body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.hasItem(field)));
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class));
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        send(post("/api/opportunities"), "{\"title\": ")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:malformed-json"));
        send(post("/api/opportunities"), createBody("") + " trailing").andExpect(status().isBadRequest());
        mvc.perform(post(BASE + "/lose").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("A JSON request body is required."));
    }

    @Test
    void aNonUuidPathVariableIsA400NamingIt() throws Exception {
        send(post("/api/opportunities/not-a-uuid/lose"), "{\"reason\": \"price\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("id"));
        send(post(BASE + "/tasks/42/complete"), "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("taskId"));
    }

    @Test
    void aBadIfMatchIsA400() throws Exception {
        send(post(BASE + "/lose").header("If-Match", "\"abc\""), "{\"reason\": \"price\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
    }

    @Test
    void aBodyOverTheLimitIsA413() throws Exception {
        String big = createBody(", \"description\": \"" + "d".repeat(70_000) + "\"");
        send(post("/api/opportunities"), big)
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(413));
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class));
    }

    @Test
    void protocolErrorsAreProblems() throws Exception {
        mvc.perform(post(BASE + "/lose").contentType(MediaType.TEXT_PLAIN).content("price"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get(BASE + "/stage"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").exists());
        mvc.perform(post("/api/nothing-here")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    // ---- command failures ---------------------------------------------------------------------

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        new BusinessRuleException(ErrorCode.OPPORTUNITY_CLOSED, "closed"), 409, "OPPORTUNITY_CLOSED"),
                Arguments.of(new BusinessRuleException(ErrorCode.UNKNOWN_STAGE, "no such stage"), 400, "UNKNOWN_STAGE"),
                Arguments.of(new BusinessRuleException(ErrorCode.TASK_NOT_FOUND, "no task"), 404, "TASK_NOT_FOUND"),
                Arguments.of(
                        new CommandExecutionException(
                                "remote", null, new BusinessError(ErrorCode.OPPORTUNITY_NOT_FOUND, "none")),
                        404,
                        "OPPORTUNITY_NOT_FOUND"),
                Arguments.of(
                        new CommandExecutionException(
                                "local", new BusinessRuleException(ErrorCode.ALREADY_IN_STAGE, "there"), null),
                        409,
                        "ALREADY_IN_STAGE"),
                Arguments.of(
                        new CommandExecutionException("wrapped", new AggregateNotFoundException(OPP, "none")),
                        404,
                        null),
                Arguments.of(new AggregateNotFoundException(OPP, "none"), 404, null),
                Arguments.of(new ConflictingAggregateVersionException(OPP, 3, 5), 412, null),
                Arguments.of(new AggregateStreamCreationException("exists"), 409, "ALREADY_EXISTS"),
                Arguments.of(new ConcurrencyException("raced"), 409, null),
                Arguments.of(new IllegalStateException("bug"), 500, null),
                Arguments.of(new CommandExecutionException("remote, no details", null), 500, null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void commandFailuresMapToProblems(RuntimeException failure, int expectedStatus, String code) throws Exception {
        when(gateway.sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class)))
                .thenThrow(failure);
        ResultActions result = send(post(BASE + "/stage"), "{\"stage\": \"negotiation\"}")
                .andExpect(status().is(expectedStatus))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").exists())
                .andExpect(jsonPath("$.title").exists())
                .andExpect(jsonPath("$.status").value(expectedStatus))
                .andExpect(jsonPath("$.detail").exists());
        if (code != null) {
            result.andExpect(jsonPath("$.code").value(code));
        }
        if (expectedStatus == 500) {
            result.andExpect(
                    jsonPath("$.detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("bug"))));
        }
    }

    @Test
    void validationMessagesListEveryField() throws Exception {
        send(post(BASE + "/tasks"), "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath(
                        "$.errors[*].field",
                        org.hamcrest.Matchers.containsInAnyOrder(List.of("assigneeId", "description", "dueAt", "type")
                                .toArray())));
    }
}
