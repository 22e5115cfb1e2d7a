package com.opportunityengine.query.opportunity;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.platform.problem.ProblemAdvice;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.customer.CustomerDirectoryStore;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.security.CurrentUser;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserAuthentication;
import com.opportunityengine.security.UserDirectory;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The opportunity and timeline queries over HTTP (MockMvc), on the embedded store. */
class OpportunityQueryControllerTest {

    private static EmbeddedMongo mongo;
    private MockMvc mvc;
    private OpportunityHistory story;
    private UserDirectory users;

    /** The user the requests run as (the controllers filter by what that user sees). */
    static void signedIn(User user) {
        SecurityContextHolder.getContext().setAuthentication(new UserAuthentication(user));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aSalesRepSeesOnlyTheirOwnOrTheirTeamsOpportunitiesAndTheirCount() throws Exception {
        signedIn(new User("zhang.san", "Zhang San", Set.of(Role.SALES_REP), "north", Instant.EPOCH));
        mvc.perform(get("/api/opportunities/{id}", story.id())).andExpect(status().isNotFound());
        mvc.perform(get("/api/opportunities/{id}/timeline", story.id())).andExpect(status().isNotFound());
        mvc.perform(get("/api/opportunities"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.items.length()").value(0));

        signedIn(new User("li.wei", "Li Wei", Set.of(Role.SALES_REP), "north", Instant.EPOCH));
        mvc.perform(get("/api/opportunities/{id}", story.id())).andExpect(status().isOk());
        mvc.perform(get("/api/opportunities/{id}/timeline", story.id())).andExpect(status().isOk());
        mvc.perform(get("/api/opportunities")).andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void aSalesManagerSeesTheOpportunitiesOwnedByTheirTeam() throws Exception {
        users.create(new User("li.wei", "Li Wei", Set.of(Role.SALES_REP), "north", Instant.EPOCH));
        signedIn(new User("boss.south", "South boss", Set.of(Role.SALES_MANAGER), "south", Instant.EPOCH));
        mvc.perform(get("/api/opportunities")).andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/opportunities/{id}", story.id())).andExpect(status().isNotFound());

        signedIn(new User("boss.north", "North boss", Set.of(Role.SALES_MANAGER), "north", Instant.EPOCH));
        mvc.perform(get("/api/opportunities")).andExpect(jsonPath("$.total").value(1));
        mvc.perform(get("/api/opportunities/{id}", story.id())).andExpect(status().isOk());
    }

    @BeforeAll
    static void startMongo() {
        mongo = new EmbeddedMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.database("controller");
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("clock", Clock.fixed(at("2026-01-12T00:00:00Z"), ZoneOffset.UTC));
        QueryProperties properties = new QueryProperties(Duration.ofMillis(200), 1, 1, "dead", 1000);
        CustomerDirectoryStore customers = new CustomerDirectoryStore(database);
        users = new UserDirectory(database);
        CurrentUser currentUser = new CurrentUser(users);
        signedIn(new User("reader", "Reader", Set.of(Role.ANALYST), null, Instant.EPOCH));
        OpportunityViewStore viewStore = new OpportunityViewStore(database);
        TimelineStore timelineStore = new TimelineStore(database);
        mvc = MockMvcBuilders.standaloneSetup(
                        new OpportunityQueryController(
                                new OpportunityQueryService(
                                        viewStore,
                                        customers,
                                        PipelineCatalog.defaultOnly(),
                                        properties,
                                        Clock.fixed(at("2026-01-12T00:00:00Z"), ZoneOffset.UTC),
                                        beans.getBeanProvider(WinProbabilities.class)),
                                currentUser),
                        new TimelineController(
                                new TimelineQueryService(
                                        timelineStore, new VisibleOpportunities(viewStore), properties),
                                currentUser))
                .setControllerAdvice(new ProblemAdvice(List.of()))
                // as Spring Boot configures Jackson: ISO-8601 strings for instants and dates
                .setMessageConverters(new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json()
                        .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .build()))
                .build();

        story = anOpportunity();
        story.titled("ERP rollout")
                .worth("125000.00", "CNY")
                .ownedBy("li.wei")
                .expectedToCloseOn("2026-12-31")
                .created(at("2026-01-05T09:00:00Z"));
        story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-06T09:00:00Z"));
        story.followUpScheduled(TaskId.random(), "li.wei", at("2026-01-09T09:00:00Z"), at("2026-01-06T09:30:00Z"));
        story.followUpScheduled(TaskId.random(), "li.wei", at("2026-01-19T09:00:00Z"), at("2026-01-06T09:31:00Z"));
        story.movedTo(3, null, at("2026-01-07T09:00:00Z"));
        OpportunityViewProjection views = new OpportunityViewProjection(viewStore);
        TimelineProjection timeline = new TimelineProjection(timelineStore);
        for (Sequenced s : story.sequenced()) {
            views.on(s.event(), s.sequence());
            timeline.on(s.event(), s.sequence());
        }
        database.getCollection("qv_customers")
                .insertOne(new Document("_id", story.customerId().toString())
                        .append("name", "ACME")
                        .append("version", 0L));
    }

    @Test
    void answersTheViewWithCustomerNameStageProbabilityAndOverdueTasksAtRequestTime() throws Exception {
        mvc.perform(get("/api/opportunities/{id}", story.id()))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(jsonPath("$.opportunityId").value(story.id().toString()))
                .andExpect(jsonPath("$.customer.customerId")
                        .value(story.customerId().toString()))
                .andExpect(jsonPath("$.customer.name").value("ACME"))
                .andExpect(jsonPath("$.stage").value("solution-discussion"))
                .andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.amount.value").value("125000.00"))
                .andExpect(jsonPath("$.amount.currency").value("CNY"))
                .andExpect(jsonPath("$.winProbability").value(0.5))
                .andExpect(jsonPath("$.createdAt").value("2026-01-05T09:00:00Z"))
                .andExpect(jsonPath("$.lastContactAt").value("2026-01-06T09:00:00Z"))
                .andExpect(jsonPath("$.expectedCloseDate").value("2026-12-31"))
                .andExpect(jsonPath("$.openTasks").value(2))
                .andExpect(jsonPath("$.overdueTasks").value(1))
                .andExpect(jsonPath("$.version").value(4));
    }

    @Test
    void minVersionAlreadyAppliedAnswersAtOnceAndAFutureOneTimesOutWith503AndRetryAfter() throws Exception {
        mvc.perform(get("/api/opportunities/{id}?minVersion=4", story.id())).andExpect(status().isOk());
        mvc.perform(get("/api/opportunities/{id}?minVersion=5", story.id()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.status").value(503));
        mvc.perform(get("/api/opportunities/{id}/timeline?minVersion=9", story.id()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"));
    }

    @Test
    void unknownIdsAre404AndMalformedOnes400() throws Exception {
        mvc.perform(get("/api/opportunities/{id}", "6f1c1f3e-0000-4000-8000-000000000000"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));
        mvc.perform(get("/api/opportunities/{id}/timeline", "6f1c1f3e-0000-4000-8000-000000000000"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/opportunities/{id}", "not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("id"));
        // strict as on the command side: a short form that UUID.fromString would take is refused too
        mvc.perform(get("/api/opportunities/{id}", "1-2-3-4-5"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("id"));
        mvc.perform(get("/api/opportunities/{id}/timeline", "1-2-3-4-5")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/opportunities/{id}?minVersion=abc", story.id()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("minVersion"));
    }

    @Test
    void listsRejectBadParameters() throws Exception {
        mvc.perform(get("/api/opportunities?size=0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        mvc.perform(get("/api/opportunities?size=201")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/opportunities?page=-1")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/opportunities?sort=amount"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sort"));
        mvc.perform(get("/api/opportunities?sort=title,sideways")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/opportunities?status=PENDING"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
        mvc.perform(get("/api/opportunities?customerId=42")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/opportunities?stage=Not A Stage")).andExpect(status().isBadRequest());
    }

    @Test
    void listsAPageOfViews() throws Exception {
        mvc.perform(get("/api/opportunities?owner=li.wei&status=open&sort=createdAt,desc&size=5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].opportunityId").value(story.id().toString()))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(5))
                .andExpect(jsonPath("$.total").value(1));
        mvc.perform(get("/api/opportunities?owner=someone.else"))
                .andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void answersTheTimeline() throws Exception {
        mvc.perform(get("/api/opportunities/{id}/timeline?minVersion=4", story.id()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.items.length()").value(5))
                .andExpect(jsonPath("$.items[0].type").value("CREATED"))
                .andExpect(jsonPath("$.items[0].occurredAt").value("2026-01-05T09:00:00Z"))
                .andExpect(jsonPath("$.items[4].type").value("STAGE_CHANGED"));
    }
}
