package com.opportunityengine.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.opportunityengine.client.ApiClient;
import com.opportunityengine.client.ApiException;
import com.opportunityengine.client.api.AdminApiKeysApi;
import com.opportunityengine.client.api.AdminProjectionsApi;
import com.opportunityengine.client.api.AdminUsersApi;
import com.opportunityengine.client.api.AssignmentApi;
import com.opportunityengine.client.api.AuditApi;
import com.opportunityengine.client.api.CustomersApi;
import com.opportunityengine.client.api.DealsApi;
import com.opportunityengine.client.api.EmailTemplatesApi;
import com.opportunityengine.client.api.FunnelApi;
import com.opportunityengine.client.api.ImportsApi;
import com.opportunityengine.client.api.OpportunitiesApi;
import com.opportunityengine.client.api.PipelineApi;
import com.opportunityengine.client.api.PipelinesApi;
import com.opportunityengine.client.api.TasksApi;
import com.opportunityengine.client.api.UsersApi;
import com.opportunityengine.client.api.WinProbabilityApi;
import com.opportunityengine.client.model.AddTeamMemberRequest;
import com.opportunityengine.client.model.AdvanceStageRequest;
import com.opportunityengine.client.model.AssignOwnerRequest;
import com.opportunityengine.client.model.AuditedEvent;
import com.opportunityengine.client.model.AvailabilityRequest;
import com.opportunityengine.client.model.CapacityRequest;
import com.opportunityengine.client.model.CloseDealRequest;
import com.opportunityengine.client.model.CompleteFollowUpRequest;
import com.opportunityengine.client.model.ConvertToDealRequest;
import com.opportunityengine.client.model.ConvertedResponse;
import com.opportunityengine.client.model.CreateOpportunityRequest;
import com.opportunityengine.client.model.CreateUserRequest;
import com.opportunityengine.client.model.DefinePipelineRequest;
import com.opportunityengine.client.model.DefineStageRequest;
import com.opportunityengine.client.model.EmailView;
import com.opportunityengine.client.model.HandOverJob;
import com.opportunityengine.client.model.ImportStatus;
import com.opportunityengine.client.model.LinkDocumentRequest;
import com.opportunityengine.client.model.LogContactRequest;
import com.opportunityengine.client.model.LogLine;
import com.opportunityengine.client.model.MarkLostRequest;
import com.opportunityengine.client.model.Money;
import com.opportunityengine.client.model.OpportunityView;
import com.opportunityengine.client.model.Period;
import com.opportunityengine.client.model.Problem;
import com.opportunityengine.client.model.ReassignRequest;
import com.opportunityengine.client.model.RegisterCustomerRequest;
import com.opportunityengine.client.model.ReopenRequest;
import com.opportunityengine.client.model.Rule;
import com.opportunityengine.client.model.RulesRequest;
import com.opportunityengine.client.model.SaveTemplateRequest;
import com.opportunityengine.client.model.ScheduleFollowUpRequest;
import com.opportunityengine.client.model.SendEmailRequest;
import com.opportunityengine.client.model.Target;
import com.opportunityengine.client.model.UpdateCustomerRequest;
import com.opportunityengine.client.model.UpdateForecastRequest;
import com.opportunityengine.client.model.UpdateOpportunityRequest;
import com.opportunityengine.engine.OpportunityEngineApplication;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The standalone engine driven only through a Java client that openapi-generator made from the checked-in
 * {@code docs/openapi-engine.json} (library {@code native}): every command, every read, and each error status read
 * back as the document's {@code Problem}. If the document and the server disagree, this does not compile or fails.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientIT {

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("generated-client-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    ApiClient admin;
    ApiClient rep;
    ApiClient nobody;

    @BeforeAll
    void clients() throws IOException {
        admin = client(Files.readString(data.resolve("admin.key")).trim());
        nobody = client(null);
    }

    private ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        if (key != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        }
        return client;
    }

    private static Money money(String value) {
        return new Money().value(value).currency("CNY");
    }

    @Test
    void everyCommandAndReadWorksThroughTheGeneratedClient() throws Exception {
        // users, keys, pipelines
        AdminUsersApi users = new AdminUsersApi(admin);
        users.postAdminUsers(
                null,
                null,
                new CreateUserRequest()
                        .userId("gc.rep")
                        .displayName("Generated")
                        .roles(List.of(CreateUserRequest.RolesEnum.SALES_REP))
                        .teamId("gc"));
        users.postAdminUsers(
                null,
                null,
                new CreateUserRequest()
                        .userId("gc.rep2")
                        .displayName("Generated 2")
                        .roles(List.of(CreateUserRequest.RolesEnum.SALES_REP))
                        .teamId("gc"));
        assertThat(users.getAdminUsers(null).getItems()).extracting("userId").contains("gc.rep", "gc.rep2");
        rep = client(users.postAdminUsersApiKeys("gc.rep", null, null).getKey());
        String spare = users.postAdminUsersApiKeys("gc.rep2", null, null).getKeyId();
        new AdminApiKeysApi(admin).deleteAdminApiKeysById(spare, null, null);
        PipelinesApi pipelines = new PipelinesApi(admin);
        pipelines.postPipelines(
                new DefinePipelineRequest()
                        .id("gc")
                        .name("Generated")
                        .stages(List.of(
                                new DefineStageRequest()
                                        .code("one")
                                        .name("One")
                                        .nameZh("一")
                                        .defaultProbability(new BigDecimal("0.2")),
                                new DefineStageRequest()
                                        .code("two")
                                        .name("Two")
                                        .defaultProbability(new BigDecimal("0.6")))),
                null,
                null);
        assertThat(pipelines.getPipelines(null).getItems()).extracting("id").contains("default", "gc");
        assertThat(pipelines.getPipelinesById("gc", null).getStages()).hasSize(2);

        // customers
        CustomersApi customers = new CustomersApi(admin);
        UUID customer = customers
                .postCustomers(
                        new RegisterCustomerRequest().name("Generated Ltd").region("North"), null, null)
                .getCustomerId();
        customers.patchCustomersById(customer, new UpdateCustomerRequest().industry("Retail"), null, null, "0");

        // an opportunity through every command
        OpportunitiesApi opportunities = new OpportunitiesApi(admin);
        UUID related = opportunities
                .postOpportunities(opportunity(customer, "Related"), null, null)
                .getOpportunityId();
        UUID id = opportunities
                .postOpportunities(
                        opportunity(customer, "Generated deal").relatedOpportunityIds(List.of(related)), null, "gc-1")
                .getOpportunityId();
        // a description-only PATCH leaves the related ids as they are
        opportunities.patchOpportunitiesById(
                id, new UpdateOpportunityRequest().description("only this"), null, null, null);
        opportunities.postOpportunitiesContacts(
                id,
                new LogContactRequest()
                        .channel(LogContactRequest.ChannelEnum.CALL)
                        .direction(LogContactRequest.DirectionEnum.OUTBOUND)
                        .summary("intro"),
                null,
                null,
                null);
        UUID task = opportunities
                .postOpportunitiesTasks(
                        id,
                        new ScheduleFollowUpRequest()
                                .assigneeId("gc.rep")
                                .dueAt(OffsetDateTime.parse("2030-01-01T09:00:00Z"))
                                .type(ScheduleFollowUpRequest.TypeEnum.CALL)
                                .description("call back"),
                        null,
                        null,
                        null)
                .getTaskId();
        opportunities.postOpportunitiesTasksComplete(
                id, task, null, null, null, new CompleteFollowUpRequest().outcome("done"));
        opportunities.postOpportunitiesStage(id, new AdvanceStageRequest().stage("two"), null, null, null);
        opportunities.putOpportunitiesForecast(
                id,
                new UpdateForecastRequest()
                        .probability(60)
                        .forecastCategory(UpdateForecastRequest.ForecastCategoryEnum.BEST_CASE),
                null,
                null,
                null);
        opportunities.putOpportunitiesOwner(id, new AssignOwnerRequest().ownerId("gc.rep2"), null, null, null);
        opportunities.putOpportunitiesOwner(id, new AssignOwnerRequest().ownerId("gc.rep"), null, null, null);
        opportunities.postOpportunitiesTeam(
                id, new AddTeamMemberRequest().memberId("gc.rep2").role("presales"), null, null, null);
        opportunities.deleteOpportunitiesTeamById(id, "gc.rep2", null, null, null);
        opportunities.postOpportunitiesDocuments(
                id, new LinkDocumentRequest().name("Quote").uri("https://docs.example.com/q.pdf"), null, null, null);
        opportunities.postOpportunitiesLose(id, new MarkLostRequest().reason("price"), null, null, null);
        opportunities.postOpportunitiesReopen(id, new ReopenRequest().reason("back"), null, null, null);
        ConvertedResponse converted = opportunities.postOpportunitiesConvert(
                id,
                new ConvertToDealRequest()
                        .expectedAmount(money("900.00"))
                        .expectedCloseDate(LocalDate.parse("2030-06-30")),
                null,
                null,
                null);
        new DealsApi(admin)
                .postDealsClose(
                        converted.getDealId(),
                        new CloseDealRequest()
                                .outcome(CloseDealRequest.OutcomeEnum.BOOKED)
                                .actualAmount(money("950.00")),
                        null,
                        null,
                        null);

        // reads
        OpportunityView view = eventually(() -> opportunities.getOpportunitiesById(id, null, converted.getVersion()));
        assertThat(view.getStatus()).isEqualTo(OpportunityView.StatusEnum.WON);
        assertThat(view.getRelatedOpportunityIds()).containsExactly(related);
        assertThat(view.getDescription()).isEqualTo("only this");
        assertThat(view.getForecastProbability()).isEqualTo(60);
        assertThat(view.getForecastCategory()).isEqualTo(OpportunityView.ForecastCategoryEnum.BEST_CASE);
        assertThat(view.getAmount().getValue()).isEqualTo("1000.00");
        // the timeline is a projection of its own: asked for at the version the view was read at
        assertThat(eventually(() -> opportunities.getOpportunitiesTimeline(id, null, converted.getVersion()))
                        .getItems())
                .hasSizeGreaterThan(10);
        assertThat(opportunities
                        .getOpportunities(null, null, null, null, customer.toString(), null, null, 50, null)
                        .getItems())
                .hasSize(2);
        assertThat(new TasksApi(admin)
                        .getTasks(null, "gc.rep", null, null, null)
                        .getItems())
                .extracting("taskId")
                .contains(task);
        assertThat(eventually(() -> new CustomersApi(admin).getCustomersBehavior(customer, null))
                        .getOpportunities()
                        .getTotal())
                .isEqualTo(2);
        assertThat(new PipelineApi(admin).getPipeline(null, "gc", null).getStages())
                .hasSize(2);
        assertThat(new FunnelApi(admin)
                        .getFunnel(null, "gc", null, null, null, null, null)
                        .getOverall()
                        .getCreated())
                .isEqualTo(2);
        assertThat(new FunnelApi(admin)
                        .getFunnelFlow(null, "gc", "2020-01-01", "2099-01-01")
                        .getTotals()
                        .getCreated())
                .isEqualTo(2);
        WinProbabilityApi winProbability = new WinProbabilityApi(admin);
        assertThat(winProbability.getWinProbabilityModel(null, "gc").getStages())
                .hasSize(2);
        assertThat(opportunities
                        .getOpportunitiesWinProbability(related, null, null)
                        .getProbability())
                .isBetween(0.0, 1.0);
        assertThat(winProbability
                        .getWinProbabilityBacktest(
                                null, "gc", OffsetDateTime.now().toString(), null, null, null, null)
                        .getCutoffs())
                .hasSize(1);

        // email outreach: a template, an email to the open one, its outcome on the record (the outbox transport)
        EmailTemplatesApi templates = new EmailTemplatesApi(admin);
        UUID template = templates
                .postEmailTemplates(
                        new SaveTemplateRequest()
                                .name("Hello")
                                .locale("en")
                                .subject("About {{opportunity.title}}")
                                .text("Dear {{customer.name}}, {{unsubscribeUrl}}"),
                        null,
                        null)
                .getTemplateId();
        assertThat(templates.getEmailTemplatesById(template, null).getLatest().getVersion())
                .isEqualTo(1);
        assertThat(templates.getEmailTemplates(null).getItems())
                .extracting("templateId")
                .contains(template);
        String emailId = opportunities
                .postOpportunitiesEmails(
                        related, new SendEmailRequest().templateId(template).to("buyer@example.com"), null, null, null)
                .getEmailId();
        assertThat(eventually(() -> {
                            EmailView email = opportunities
                                    .getOpportunitiesEmails(related, null)
                                    .getItems()
                                    .get(0);
                            assertThat(email.getStatus()).isEqualTo(EmailView.StatusEnum.SENT);
                            return email;
                        })
                        .getEmailId())
                .isEqualTo(emailId);

        // the audit
        AuditApi audit = new AuditApi(admin);
        List<AuditedEvent> events = audit.getAuditOpportunitiesEvents(id, null).getItems();
        assertThat(events).hasSizeGreaterThan(10);
        assertThat(events.get(0).getType()).endsWith("OpportunityCreated");
        assertThat(events.get(0).getPayload()).containsKey("title");
        assertThat(audit.getAuditOpportunitiesState(id, null, 1L, null, null).getVersion())
                .isEqualTo(1);
        assertThat(audit.getAuditOpportunitiesVerify(id, null).getOk()).isTrue();
        File log = audit.getAuditEvents(null, null, 1000L);
        List<String> lines = Files.readAllLines(log.toPath()).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(lines).hasSizeGreaterThan(events.size());
        LogLine first = admin.getObjectMapper().readValue(lines.get(0), LogLine.class);
        assertThat(first.getPosition()).isPositive();
        assertThat(first.getHash()).hasSize(64);
        var head = eventually(() -> {
            var h = audit.getAuditHead(null);
            assertThat(h.getPosition()).isNotNull();
            return h;
        });
        assertThat(audit.getAuditHeadVerify(head.getPosition(), head.getHash(), null)
                        .getOk())
                .isTrue();

        // assignment
        AssignmentApi assignment = new AssignmentApi(admin);
        assignment.putAssignmentRules(
                null,
                null,
                new RulesRequest()
                        .rules(List.of(new Rule()
                                .ruleId("gc")
                                .assignTo(new Target().teamId("gc"))
                                .strategy(Rule.StrategyEnum.ROUND_ROBIN))));
        assertThat(assignment.getAssignmentRules(null).getVersion()).isEqualTo(1);
        UsersApi profiles = new UsersApi(admin);
        assertThat(profiles.putUsersCapacity("gc.rep", null, null, new CapacityRequest().maxOpen(50))
                        .getMaxOpen())
                .isEqualTo(50);
        profiles.putUsersAvailability(
                "gc.rep2",
                null,
                null,
                new AvailabilityRequest()
                        .absences(List.of(new Period()
                                .from(OffsetDateTime.parse("2030-01-01T00:00:00Z"))
                                .to(OffsetDateTime.parse("2030-01-10T00:00:00Z")))));
        UUID routed = opportunities
                .postOpportunities(opportunity(customer, "Routed").ownerId(null), null, null)
                .getOpportunityId();
        HandOverJob job = assignment.postAssignmentReassign(
                null,
                null,
                new ReassignRequest()
                        .fromUserId("gc.rep")
                        .toUserIds(List.of("gc.rep2"))
                        .strategy(ReassignRequest.StrategyEnum.ROUND_ROBIN));
        assertThat(eventually(() -> {
                            HandOverJob now = assignment.getAssignmentReassignById(job.getJobId(), null);
                            assertThat(now.getStatus()).isNotEqualTo(HandOverJob.StatusEnum.RUNNING);
                            return now;
                        })
                        .getStatus())
                .isEqualTo(HandOverJob.StatusEnum.DONE);
        assertThat(eventually(() -> {
                            var workload = assignment.getAssignmentWorkload(null, "gc");
                            // the routed one, wherever the hand-over left it
                            assertThat(workload.getOpenOpportunities()).isEqualTo(1);
                            return workload;
                        })
                        .getMembers())
                .hasSize(2);
        assertThat(routed).isNotNull();

        // imports and projections
        Path opportunityCsv = Files.createTempFile("opportunities", ".csv");
        Files.writeString(
                opportunityCsv,
                "Id,Name,AccountId,StageName,Amount,CloseDate,CreatedDate,OwnerId,LeadSource\n"
                        + "006A,Imported,001A,Prospecting,100,2024-02-01,2024-01-01T00:00:00.000+0000,gc.rep,Web\n");
        Path historyCsv = Files.createTempFile("history", ".csv");
        Files.writeString(historyCsv, "OpportunityId,StageName,Amount,CloseDate,CreatedDate\n");
        // (the generated native client cannot leave a file part out: it hands null to httpmime, so all three go)
        Path mapping = Files.createTempFile("mapping", ".json");
        Files.writeString(mapping, "{\"pipeline\": \"default\", \"stages\": {\"Prospecting\": \"initial-contact\"}}");
        ImportsApi imports = new ImportsApi(admin);
        String importId = imports.postImportsSalesforce(
                        null, null, historyCsv.toFile(), mapping.toFile(), opportunityCsv.toFile())
                .getImportId();
        assertThat(eventually(() -> {
                            var status = imports.getImportsById(importId, null);
                            assertThat(status.getStatus()).isNotEqualTo(ImportStatus.StatusEnum.RUNNING);
                            return status;
                        })
                        .getStatus())
                .isEqualTo(ImportStatus.StatusEnum.DONE);
        AdminProjectionsApi projections = new AdminProjectionsApi(admin);
        assertThat(projections.getAdminProjections(null).getItems()).isNotEmpty();
        assertThat(projections.getAdminProjectionsDeadLetters("customers", null).getTotal())
                .isZero();
        projections.postAdminProjectionsDeadLettersRetry("customers", null, null);
        projections.postAdminProjectionsReplay("customers", null, null);
    }

    @Test
    void eachErrorStatusReadsBackAsAProblem() throws Exception {
        OpportunitiesApi asAdmin = new OpportunitiesApi(admin);
        UUID customer = new CustomersApi(admin)
                .postCustomers(new RegisterCustomerRequest().name("Errors Ltd"), null, null)
                .getCustomerId();
        UUID id = asAdmin.postOpportunities(opportunity(customer, "Errors"), null, null)
                .getOpportunityId();

        Problem invalid = problem(
                400, () -> asAdmin.postOpportunities(opportunity(customer, "  ").amount(money("1")), null, null));
        assertThat(invalid.getErrors()).extracting("field").contains("title");
        assertThat(problem(401, () -> new OpportunitiesApi(nobody).getOpportunitiesById(id, null, null))
                        .getStatus())
                .isEqualTo(401);
        assertThat(problem(403, () -> new AdminUsersApi(rep == null ? restrictedClient() : rep).getAdminUsers(null))
                        .getStatus())
                .isEqualTo(403);
        assertThat(problem(404, () -> asAdmin.getOpportunitiesById(UUID.randomUUID(), null, null))
                        .getCode())
                .isEqualTo("OPPORTUNITY_NOT_FOUND");
        assertThat(problem(
                                412,
                                () -> asAdmin.postOpportunitiesStage(
                                        id, new AdvanceStageRequest().stage("negotiation"), null, null, "7"))
                        .getStatus())
                .isEqualTo(412);
        asAdmin.postOpportunitiesLose(id, new MarkLostRequest().reason("price"), null, null, null);
        assertThat(problem(
                                409,
                                () -> asAdmin.postOpportunitiesStage(
                                        id, new AdvanceStageRequest().stage("negotiation"), null, null, null))
                        .getCode())
                .isEqualTo("OPPORTUNITY_CLOSED");
        assertThat(problem(
                                413,
                                () -> asAdmin.patchOpportunitiesById(
                                        id,
                                        new UpdateOpportunityRequest().description("x".repeat(70_000)),
                                        null,
                                        null,
                                        null))
                        .getStatus())
                .isEqualTo(413);
        Problem behind = problem(503, () -> asAdmin.getOpportunitiesById(id, null, 1_000L));
        assertThat(behind.getMinVersion()).isEqualTo(1000);
    }

    private ApiClient restrictedClient() throws ApiException {
        AdminUsersApi users = new AdminUsersApi(admin);
        users.postAdminUsers(
                null,
                null,
                new CreateUserRequest()
                        .userId("gc.limited")
                        .displayName("Limited")
                        .roles(List.of(CreateUserRequest.RolesEnum.ANALYST)));
        return client(users.postAdminUsersApiKeys("gc.limited", null, null).getKey());
    }

    private static CreateOpportunityRequest opportunity(UUID customer, String title) {
        return new CreateOpportunityRequest()
                .title(title)
                .customerId(customer)
                .source("web")
                .amount(money("1000.00"))
                .ownerId("admin")
                .pipeline(title.equals("Errors") ? null : "gc")
                .stage(title.equals("Errors") ? null : "one");
    }

    /** The call fails with this status, and its body is the document's Problem with that status. */
    private Problem problem(int status, Callable<?> call) throws Exception {
        ApiException failure = catchThrowableOfType(ApiException.class, call::call);
        assertThat(failure).as("expected HTTP %d", status).isNotNull();
        assertThat(failure.getCode()).as(failure.getResponseBody()).isEqualTo(status);
        assertThat(failure.getResponseHeaders().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        Problem problem = admin.getObjectMapper().readValue(failure.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getType()).isNotNull();
        return problem;
    }

    /** Views are eventually consistent: asks again (bounded, 30 s) until the call succeeds and its checks hold. */
    private static <T> T eventually(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return call.call();
            } catch (ApiException | AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }
}
