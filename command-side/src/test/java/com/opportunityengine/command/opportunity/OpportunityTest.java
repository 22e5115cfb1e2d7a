package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.command.opportunity.OpportunityHistory.AMOUNT;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CLOSE_DATE;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.anOpenOpportunity;
import static com.opportunityengine.events.common.ErrorCode.ALREADY_EXISTS;
import static com.opportunityengine.events.common.ErrorCode.ALREADY_IN_STAGE;
import static com.opportunityengine.events.common.ErrorCode.ALREADY_TEAM_MEMBER;
import static com.opportunityengine.events.common.ErrorCode.BACKWARD_MOVE_NEEDS_REASON;
import static com.opportunityengine.events.common.ErrorCode.CUSTOMER_NOT_FOUND;
import static com.opportunityengine.events.common.ErrorCode.FORECAST_MISSING;
import static com.opportunityengine.events.common.ErrorCode.INVALID_AMOUNT;
import static com.opportunityengine.events.common.ErrorCode.INVALID_PROBABILITY;
import static com.opportunityengine.events.common.ErrorCode.OCCURRED_BEFORE_PREVIOUS_EVENT;
import static com.opportunityengine.events.common.ErrorCode.OCCURRED_IN_FUTURE;
import static com.opportunityengine.events.common.ErrorCode.OPPORTUNITY_CLOSED;
import static com.opportunityengine.events.common.ErrorCode.OPPORTUNITY_CONVERTED;
import static com.opportunityengine.events.common.ErrorCode.OPPORTUNITY_NOT_CLOSED;
import static com.opportunityengine.events.common.ErrorCode.OPPORTUNITY_NOT_FOUND;
import static com.opportunityengine.events.common.ErrorCode.OWNER_UNCHANGED;
import static com.opportunityengine.events.common.ErrorCode.TASK_ALREADY_COMPLETED;
import static com.opportunityengine.events.common.ErrorCode.TASK_NOT_FOUND;
import static com.opportunityengine.events.common.ErrorCode.TEAM_MEMBER_NOT_FOUND;
import static com.opportunityengine.events.common.ErrorCode.UNKNOWN_PIPELINE;
import static com.opportunityengine.events.common.ErrorCode.UNKNOWN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.assignment.AssignmentWorld;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.deal.Deal;
import com.opportunityengine.command.email.EmailWorld;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.AddTeamMember;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.CompleteFollowUp;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.DocumentLinked;
import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.LinkDocument;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.RemoveTeamMember;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.ScheduleFollowUp;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpportunityTest {

    /** One server for the class and its nested classes (a registered extension would stop it after the first). */
    private static final EmbeddedMongo MONGO = new EmbeddedMongo();

    static final Pipeline ENTERPRISE = new Pipeline(
            PipelineId.of("enterprise"),
            "Enterprise",
            List.of(
                    new Stage(StageCode.of("qualification"), "Qualification", "资格确认", 0.1),
                    new Stage(StageCode.of("proposal"), "Proposal", "方案", 0.4),
                    new Stage(StageCode.of("contract"), "Contract", "合同", 0.8)));

    private static final OpportunityId NEW_ID = OpportunityId.of("00000000-0000-0000-0000-0000000000aa");
    private static final UserId MEMBER = UserId.of("wang.fang");

    private FixtureConfiguration<Opportunity> fixture;
    private FakeDirectory directory;
    /** Deals live in a store of their own: the fixture's store accepts only the opportunity's events. */
    private EventStore dealStore;

    @BeforeEach
    void setUp() {
        directory = new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER);
        AggregateTestFixture<Opportunity> aggregateFixture = new AggregateTestFixture<>(Opportunity.class);
        dealStore = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        Repository<Deal> deals = EventSourcingRepository.builder(Deal.class)
                .eventStore(dealStore)
                .build();
        fixture = aggregateFixture
                .registerRepositoryProvider(new RepositoryProvider() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                        return aggregateType == Deal.class ? (Repository<T>) deals : null;
                    }
                })
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(new AssignmentWorld(MONGO.database("assignment")).assigner())
                .registerInjectableResource(EmailWorld.none())
                .registerInjectableResource(Pipelines.of(ENTERPRISE))
                .registerInjectableResource(directory);
    }

    private static CreateOpportunity create(PipelineId pipeline, String stage, Instant occurredAt) {
        return new CreateOpportunity(
                NEW_ID,
                "ERP rollout",
                "Phase one",
                CUSTOMER,
                "referral",
                AMOUNT,
                CLOSE_DATE,
                OWNER,
                pipeline,
                stage == null ? null : StageCode.of(stage),
                List.of(),
                occurredAt);
    }

    private static AdvanceStage advance(OpportunityHistory history, String stage, String reason) {
        return new AdvanceStage(history.id, StageCode.of(stage), reason, null, null);
    }

    @Nested
    class Creation {

        @Test
        void opensAtTheFirstStageOfTheDefaultPipelineNow() {
            fixture.givenNoPriorActivity()
                    .when(create(null, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(NEW_ID)
                    .expectEvents(new OpportunityCreated(
                            NEW_ID,
                            "ERP rollout",
                            "Phase one",
                            CUSTOMER,
                            "referral",
                            AMOUNT,
                            CLOSE_DATE,
                            OWNER,
                            PipelineId.DEFAULT,
                            StageCode.of("initial-contact"),
                            1,
                            List.of(),
                            NOW));
        }

        @Test
        void opensAtAChosenStageOfAConfiguredPipelineAtAPastBusinessTime() {
            Instant past = NOW.minus(Duration.ofDays(400));
            fixture.givenNoPriorActivity()
                    .when(create(ENTERPRISE.id(), "proposal", past))
                    .expectEvents(new OpportunityCreated(
                            NEW_ID,
                            "ERP rollout",
                            "Phase one",
                            CUSTOMER,
                            "referral",
                            AMOUNT,
                            CLOSE_DATE,
                            OWNER,
                            ENTERPRISE.id(),
                            StageCode.of("proposal"),
                            2,
                            List.of(),
                            past));
        }

        @Test
        void relatesToExistingOpportunities() {
            OpportunityId other = OpportunityId.random();
            directory.with(AggregateDirectory.OPPORTUNITY, other);
            fixture.givenNoPriorActivity()
                    .when(new CreateOpportunity(
                            NEW_ID, "t", null, null, "web", null, null, OWNER, null, null, List.of(other), null))
                    .expectEvents(new OpportunityCreated(
                            NEW_ID,
                            "t",
                            null,
                            null,
                            "web",
                            null,
                            null,
                            OWNER,
                            PipelineId.DEFAULT,
                            StageCode.of("initial-contact"),
                            1,
                            List.of(other),
                            NOW));
        }

        @Test
        void cannotOpenInAnUnknownPipeline() {
            fixture.givenNoPriorActivity()
                    .when(create(PipelineId.of("nowhere"), null, null))
                    .expectException(breaking(UNKNOWN_PIPELINE))
                    .expectNoEvents();
        }

        @Test
        void cannotOpenAtAStageThePipelineDoesNotHave() {
            fixture.givenNoPriorActivity()
                    .when(create(ENTERPRISE.id(), "negotiation", null))
                    .expectException(breaking(UNKNOWN_STAGE))
                    .expectNoEvents();
        }

        @Test
        void cannotOpenForAnUnknownCustomer() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOpportunity(
                            NEW_ID,
                            "t",
                            null,
                            CustomerId.random(),
                            "web",
                            AMOUNT,
                            null,
                            OWNER,
                            null,
                            null,
                            List.of(),
                            null))
                    .expectException(breaking(CUSTOMER_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void cannotRelateToAnUnknownOpportunity() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOpportunity(
                            NEW_ID,
                            "t",
                            null,
                            CUSTOMER,
                            "web",
                            AMOUNT,
                            null,
                            OWNER,
                            null,
                            null,
                            List.of(OpportunityId.random()),
                            null))
                    .expectException(breaking(OPPORTUNITY_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void cannotOpenWithANegativeAmount() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOpportunity(
                            NEW_ID,
                            "t",
                            null,
                            CUSTOMER,
                            "web",
                            Money.of("-1", "CNY"),
                            null,
                            OWNER,
                            null,
                            null,
                            List.of(),
                            null))
                    .expectException(breaking(INVALID_AMOUNT))
                    .expectNoEvents();
        }

        @Test
        void cannotReuseTheIdOfAnExistingOpportunity() {
            directory.with(AggregateDirectory.OPPORTUNITY, NEW_ID);
            fixture.givenNoPriorActivity()
                    .when(create(null, null, null))
                    .expectException(breaking(ALREADY_EXISTS))
                    .expectNoEvents();
        }

        @Test
        void cannotOpenInTheFuture() {
            fixture.givenNoPriorActivity()
                    .when(create(null, null, NOW.plusSeconds(1)))
                    .expectException(breaking(OCCURRED_IN_FUTURE))
                    .expectNoEvents();
        }
    }

    @Nested
    class Details {

        @Test
        void recordsOnlyTheFieldsThatChanged() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new UpdateOpportunityDetails(
                            history.id,
                            "ERP rollout",
                            "Phase two",
                            Money.of("125000", "CNY"),
                            LocalDate.parse("2026-09-30"),
                            null,
                            null,
                            null,
                            null))
                    .expectResultMessagePayload(1L)
                    .expectEvents(new OpportunityDetailsUpdated(
                            history.id, null, "Phase two", null, LocalDate.parse("2026-09-30"), null, null, NOW));
        }

        @Test
        void anUpdateThatChangesNothingAppendsNothingAndKeepsTheVersion() {
            OpportunityHistory history = anOpenOpportunity().inStage("needs-confirmed");
            fixture.given(history.events())
                    .when(new UpdateOpportunityDetails(
                            history.id, "ERP rollout", null, null, null, "referral", List.of(), null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(1L)
                    .expectNoEvents();
        }

        @Test
        void cannotSetANegativeAmount() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new UpdateOpportunityDetails(
                            history.id, null, null, Money.of("-0.01", "CNY"), null, null, null, null, null))
                    .expectException(breaking(INVALID_AMOUNT))
                    .expectNoEvents();
        }

        @Test
        void cannotRelateToAnUnknownOpportunity() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new UpdateOpportunityDetails(
                            history.id, null, null, null, null, null, List.of(OpportunityId.random()), null, null))
                    .expectException(breaking(OPPORTUNITY_NOT_FOUND))
                    .expectNoEvents();
        }
    }

    @Nested
    class Forecast {

        @Test
        void recordsThePersonsProbabilityAndCategoryAtTheGivenTime() {
            OpportunityHistory history = anOpenOpportunity();
            Instant at = history.lastOccurredAt().plus(Duration.ofMinutes(5));
            fixture.given(history.events())
                    .when(new UpdateForecast(history.id, 60, ForecastCategory.BEST_CASE, at, null))
                    .expectResultMessagePayload(1L)
                    .expectEvents(new ForecastUpdated(history.id, 60, ForecastCategory.BEST_CASE, at));
        }

        @Test
        void recordsOnlyWhatDiffersFromTheCurrentForecast() {
            OpportunityHistory history = anOpenOpportunity().withForecast(60, ForecastCategory.BEST_CASE);
            fixture.given(history.events())
                    .when(new UpdateForecast(history.id, 60, ForecastCategory.COMMIT, null, null))
                    .expectEvents(new ForecastUpdated(history.id, null, ForecastCategory.COMMIT, NOW));
        }

        @Test
        void aProbabilityOfZeroIsAForecastToo() {
            OpportunityHistory history = anOpenOpportunity().withForecast(60, null);
            fixture.given(history.events())
                    .when(new UpdateForecast(history.id, 0, null, null, null))
                    .expectEvents(new ForecastUpdated(history.id, 0, null, NOW));
        }

        @Test
        void theCurrentForecastAgainAppendsNothingAndKeepsTheVersion() {
            OpportunityHistory history = anOpenOpportunity().withForecast(60, ForecastCategory.BEST_CASE);
            fixture.given(history.events())
                    .when(new UpdateForecast(history.id, 60, ForecastCategory.BEST_CASE, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(1L)
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 101})
        void cannotSetAProbabilityOutsideZeroToAHundred(int probability) {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new UpdateForecast(history.id, probability, ForecastCategory.PIPELINE, null, null))
                    .expectException(breaking(INVALID_PROBABILITY))
                    .expectNoEvents();
        }

        @Test
        void cannotSetAForecastWithNeitherProbabilityNorCategory() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new UpdateForecast(history.id, null, null, null, null))
                    .expectException(breaking(FORECAST_MISSING))
                    .expectNoEvents();
        }

        @Test
        void cannotSetAForecastBeforeThePreviousEvent() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new UpdateForecast(
                            history.id, 60, null, history.lastOccurredAt().minusSeconds(1), null))
                    .expectException(breaking(OCCURRED_BEFORE_PREVIOUS_EVENT))
                    .expectNoEvents();
        }
    }

    @Nested
    class Stages {

        @Test
        void advancesForwardSkippingStages() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(advance(history, "solution-discussion", null))
                    .expectResultMessagePayload(1L)
                    .expectEvents(new StageChanged(
                            history.id,
                            PipelineId.DEFAULT,
                            StageCode.of("initial-contact"),
                            1,
                            StageCode.of("solution-discussion"),
                            3,
                            StageDirection.FORWARD,
                            null,
                            NOW));
        }

        @Test
        void movesBackWithAReason() {
            OpportunityHistory history = anOpenOpportunity().inStage("negotiation");
            fixture.given(history.events())
                    .when(advance(history, "needs-confirmed", "budget cut"))
                    .expectEvents(new StageChanged(
                            history.id,
                            PipelineId.DEFAULT,
                            StageCode.of("negotiation"),
                            4,
                            StageCode.of("needs-confirmed"),
                            2,
                            StageDirection.BACKWARD,
                            "budget cut",
                            NOW));
        }

        @Test
        void cannotMoveBackWithoutAReason() {
            OpportunityHistory history = anOpenOpportunity().inStage("negotiation");
            fixture.given(history.events())
                    .when(advance(history, "needs-confirmed", "  "))
                    .expectException(breaking(BACKWARD_MOVE_NEEDS_REASON))
                    .expectNoEvents();
        }

        @Test
        void cannotAdvanceToTheStageItIsIn() {
            OpportunityHistory history = anOpenOpportunity().inStage("negotiation");
            fixture.given(history.events())
                    .when(advance(history, "negotiation", null))
                    .expectException(breaking(ALREADY_IN_STAGE))
                    .expectNoEvents();
        }

        @Test
        void cannotAdvanceToAStageThePipelineDoesNotHave() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(advance(history, "contract", null))
                    .expectException(breaking(UNKNOWN_STAGE))
                    .expectNoEvents();
        }

        @Test
        void cannotAdvanceALostOpportunity() {
            OpportunityHistory history = anOpenOpportunity().lost();
            fixture.given(history.events())
                    .when(advance(history, "negotiation", null))
                    .expectException(breaking(OPPORTUNITY_CLOSED))
                    .expectNoEvents();
        }

        @Test
        void cannotAdvanceAWonOpportunity() {
            OpportunityHistory history = anOpenOpportunity().converted();
            fixture.given(history.events())
                    .when(advance(history, "negotiation", null))
                    .expectException(breaking(OPPORTUNITY_CLOSED))
                    .expectNoEvents();
        }
    }

    @Nested
    class BusinessTime {

        @Test
        void cannotHappenBeforeThePreviousEvent() {
            OpportunityHistory history = anOpenOpportunity().inStage("needs-confirmed");
            fixture.given(history.events())
                    .when(new AdvanceStage(
                            history.id,
                            StageCode.of("negotiation"),
                            null,
                            history.lastOccurredAt().minusMillis(1),
                            null))
                    .expectException(breaking(OCCURRED_BEFORE_PREVIOUS_EVENT))
                    .expectNoEvents();
        }

        @Test
        void mayHappenAtTheSameInstantAsThePreviousEvent() {
            OpportunityHistory history = anOpenOpportunity();
            Instant same = history.lastOccurredAt();
            fixture.given(history.events())
                    .when(new MarkLost(history.id, "no budget", null, same, null))
                    .expectEvents(new OpportunityLost(
                            history.id, "no budget", null, StageCode.of("initial-contact"), 1, same));
        }

        @Test
        void cannotHappenInTheFuture() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new MarkLost(history.id, "no budget", null, NOW.plus(Duration.ofDays(1)), null))
                    .expectException(breaking(OCCURRED_IN_FUTURE))
                    .expectNoEvents();
        }
    }

    /** Every command but Reopen, aimed at the opportunity of {@code anOpenOpportunity()}. */
    static Stream<Object> everyCommandButReopen() {
        OpportunityId id = anOpenOpportunity().id;
        return Stream.of(
                new UpdateOpportunityDetails(id, "new title", null, null, null, null, null, null, null),
                new UpdateForecast(id, 60, ForecastCategory.BEST_CASE, null, null),
                new LogContact(
                        id,
                        ContactId.random(),
                        ContactChannel.CALL,
                        ContactDirection.INBOUND,
                        "hi",
                        null,
                        null,
                        null,
                        null),
                new ScheduleFollowUp(id, TaskId.random(), OWNER, NOW, TaskType.TODO, "x", null, null),
                new CompleteFollowUp(id, TaskId.random(), null, null, null),
                new AdvanceStage(id, StageCode.of("negotiation"), null, null, null),
                new AssignOwner(id, MEMBER, null, null, null),
                new AddTeamMember(id, MEMBER, "presales", null, null),
                new RemoveTeamMember(id, OWNER, null, null),
                new LinkDocument(id, DocumentId.random(), "Quote", "https://x", null, null, null),
                new MarkLost(id, "again", null, null, null),
                new ConvertToDeal(id, DealId.random(), AMOUNT, CLOSE_DATE, null, null));
    }

    @ParameterizedTest
    @MethodSource("everyCommandButReopen")
    void aLostOpportunityTakesNothingButReopen(Object command) {
        fixture.given(anOpenOpportunity().lost().events())
                .when(command)
                .expectException(breaking(OPPORTUNITY_CLOSED))
                .expectNoEvents();
    }

    @ParameterizedTest
    @MethodSource("everyCommandButReopen")
    void aWonOpportunityTakesNothing(Object command) {
        fixture.given(anOpenOpportunity().converted().events())
                .when(command)
                .expectException(breaking(OPPORTUNITY_CLOSED))
                .expectNoEvents();
    }

    @Nested
    class Reopening {

        @Test
        void reopensAtTheStageItWasLostAt() {
            OpportunityHistory history =
                    anOpenOpportunity().inStage("solution-discussion").lost();
            fixture.given(history.events())
                    .when(new Reopen(history.id, "budget found", null, null, null))
                    .expectResultMessagePayload(3L)
                    .expectEvents(new OpportunityReopened(
                            history.id, "budget found", StageCode.of("solution-discussion"), 3, NOW));
        }

        @Test
        void reopensAtAGivenStage() {
            OpportunityHistory history =
                    anOpenOpportunity().inStage("solution-discussion").lost();
            fixture.given(history.events())
                    .when(new Reopen(history.id, "restart", StageCode.of("initial-contact"), null, null))
                    .expectEvents(
                            new OpportunityReopened(history.id, "restart", StageCode.of("initial-contact"), 1, NOW));
        }

        @Test
        void aReopenedOpportunityTakesCommandsAgain() {
            OpportunityHistory history =
                    anOpenOpportunity().inStage("solution-discussion").lost();
            fixture.given(history.events())
                    .andGiven(new OpportunityReopened(
                            history.id, "again", StageCode.of("solution-discussion"), 3, history.lastOccurredAt()))
                    .when(advance(history, "negotiation", null))
                    .expectResultMessagePayload(4L)
                    .expectEvents(new StageChanged(
                            history.id,
                            PipelineId.DEFAULT,
                            StageCode.of("solution-discussion"),
                            3,
                            StageCode.of("negotiation"),
                            4,
                            StageDirection.FORWARD,
                            null,
                            NOW));
        }

        @Test
        void cannotReopenAnOpenOpportunity() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new Reopen(history.id, "why", null, null, null))
                    .expectException(breaking(OPPORTUNITY_NOT_CLOSED))
                    .expectNoEvents();
        }

        @Test
        void cannotReopenAConvertedOpportunity() {
            OpportunityHistory history = anOpenOpportunity().converted();
            fixture.given(history.events())
                    .when(new Reopen(history.id, "why", null, null, null))
                    .expectException(breaking(OPPORTUNITY_CONVERTED))
                    .expectNoEvents();
        }

        @Test
        void cannotReopenAtAStageThePipelineDoesNotHave() {
            OpportunityHistory history = anOpenOpportunity().lost();
            fixture.given(history.events())
                    .when(new Reopen(history.id, "why", StageCode.of("contract"), null, null))
                    .expectException(breaking(UNKNOWN_STAGE))
                    .expectNoEvents();
        }
    }

    @Nested
    class FollowUps {

        private final TaskId task = TaskId.of("00000000-0000-0000-0000-0000000000f1");

        @Test
        void schedulesAFollowUp() {
            OpportunityHistory history = anOpenOpportunity();
            Instant due = NOW.plus(Duration.ofDays(2));
            fixture.given(history.events())
                    .when(new ScheduleFollowUp(history.id, task, MEMBER, due, TaskType.MEETING, "demo", null, null))
                    .expectResultMessagePayload(1L)
                    .expectEvents(new FollowUpScheduled(history.id, task, MEMBER, due, TaskType.MEETING, "demo", NOW));
        }

        @Test
        void cannotScheduleTwoFollowUpsWithOneTaskId() {
            OpportunityHistory history = anOpenOpportunity().withTask(task);
            fixture.given(history.events())
                    .when(new ScheduleFollowUp(history.id, task, MEMBER, NOW, TaskType.CALL, "again", null, null))
                    .expectException(breaking(ALREADY_EXISTS))
                    .expectNoEvents();
        }

        @Test
        void completesAFollowUp() {
            OpportunityHistory history = anOpenOpportunity().withTask(task);
            fixture.given(history.events())
                    .when(new CompleteFollowUp(history.id, task, "agreed on a demo", null, null))
                    .expectResultMessagePayload(2L)
                    .expectEvents(new FollowUpCompleted(history.id, task, "agreed on a demo", NOW));
        }

        @Test
        void cannotCompleteAnUnknownTask() {
            OpportunityHistory history = anOpenOpportunity().withTask(task);
            fixture.given(history.events())
                    .when(new CompleteFollowUp(history.id, TaskId.random(), null, null, null))
                    .expectException(breaking(TASK_NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void cannotCompleteATaskTwice() {
            OpportunityHistory history = anOpenOpportunity().withCompletedTask(task);
            fixture.given(history.events())
                    .when(new CompleteFollowUp(history.id, task, null, null, null))
                    .expectException(breaking(TASK_ALREADY_COMPLETED))
                    .expectNoEvents();
        }
    }

    @Nested
    class ContactsAndDocuments {

        private final ContactId contact = ContactId.of("00000000-0000-0000-0000-0000000000c7");
        private final DocumentId document = DocumentId.of("00000000-0000-0000-0000-0000000000d1");

        @Test
        void logsAContact() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new LogContact(
                            history.id,
                            contact,
                            ContactChannel.VISIT,
                            ContactDirection.OUTBOUND,
                            "site visit",
                            List.of("Zhang San"),
                            "positive",
                            null,
                            null))
                    .expectResultMessagePayload(1L)
                    .expectEvents(new ContactLogged(
                            history.id,
                            contact,
                            ContactChannel.VISIT,
                            ContactDirection.OUTBOUND,
                            "site visit",
                            List.of("Zhang San"),
                            "positive",
                            NOW));
        }

        @Test
        void cannotLogTwoContactsWithOneContactId() {
            OpportunityHistory history = anOpenOpportunity().withContact(contact);
            fixture.given(history.events())
                    .when(new LogContact(
                            history.id,
                            contact,
                            ContactChannel.CALL,
                            ContactDirection.INBOUND,
                            "x",
                            null,
                            null,
                            null,
                            null))
                    .expectException(breaking(ALREADY_EXISTS))
                    .expectNoEvents();
        }

        @Test
        void linksADocument() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new LinkDocument(
                            history.id, document, "Quote", "https://docs/q", "application/pdf", null, null))
                    .expectEvents(new DocumentLinked(
                            history.id, document, "Quote", "https://docs/q", "application/pdf", NOW));
        }

        @Test
        void cannotLinkTwoDocumentsWithOneDocumentId() {
            OpportunityHistory history = anOpenOpportunity().withDocument(document);
            fixture.given(history.events())
                    .when(new LinkDocument(history.id, document, "Quote", "https://docs/q", null, null, null))
                    .expectException(breaking(ALREADY_EXISTS))
                    .expectNoEvents();
        }
    }

    @Nested
    class OwnerAndTeam {

        @Test
        void handsTheOpportunityToAnotherOwner() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new AssignOwner(history.id, MEMBER, "vacation", null, null))
                    .expectResultMessagePayload(1L)
                    .expectEvents(new OwnerAssigned(history.id, OWNER, MEMBER, "vacation", NOW));
        }

        @Test
        void cannotHandTheOpportunityToItsOwner() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new AssignOwner(history.id, OWNER, null, null, null))
                    .expectException(breaking(OWNER_UNCHANGED))
                    .expectNoEvents();
        }

        @Test
        void addsATeamMember() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new AddTeamMember(history.id, MEMBER, "presales", null, null))
                    .expectEvents(new TeamMemberAdded(history.id, MEMBER, "presales", NOW));
        }

        @Test
        void cannotAddATeamMemberTwice() {
            OpportunityHistory history = anOpenOpportunity().withTeamMember(MEMBER);
            fixture.given(history.events())
                    .when(new AddTeamMember(history.id, MEMBER, "lead", null, null))
                    .expectException(breaking(ALREADY_TEAM_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void removesATeamMember() {
            OpportunityHistory history = anOpenOpportunity().withTeamMember(MEMBER);
            fixture.given(history.events())
                    .when(new RemoveTeamMember(history.id, MEMBER, null, null))
                    .expectResultMessagePayload(2L)
                    .expectEvents(new TeamMemberRemoved(history.id, MEMBER, NOW));
        }

        @Test
        void cannotRemoveSomeoneWhoIsNotOnTheTeam() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new RemoveTeamMember(history.id, MEMBER, null, null))
                    .expectException(breaking(TEAM_MEMBER_NOT_FOUND))
                    .expectNoEvents();
        }
    }

    @Nested
    class Conversion {

        private final DealId deal = DealId.of("00000000-0000-0000-0000-0000000000de");
        private final ContactId contact = ContactId.random();
        private final DocumentId document = DocumentId.random();

        @Test
        void winsTheOpportunityAndCreatesADealLinkingItsContactsAndDocuments() {
            OpportunityHistory history = anOpenOpportunity()
                    .inStage("negotiation")
                    .withContact(contact)
                    .withDocument(document);
            Money expected = Money.of("120000.00", "CNY");
            LocalDate closing = LocalDate.parse("2026-04-30");
            fixture.given(history.events())
                    .when(new ConvertToDeal(history.id, deal, expected, closing, null, null))
                    .expectResultMessagePayload(4L)
                    .expectEvents(new OpportunityConverted(
                            history.id,
                            deal,
                            expected,
                            closing,
                            StageCode.of("negotiation"),
                            4,
                            List.of(contact),
                            List.of(document),
                            NOW));
            assertThat(dealStream())
                    .containsExactly(new DealCreated(
                            deal,
                            history.id,
                            CUSTOMER,
                            OWNER,
                            expected,
                            closing,
                            List.of(contact),
                            List.of(document),
                            NOW));
        }

        @Test
        void theDealExpectsTheOpportunitysAmountAndDateUnlessToldOtherwise() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new ConvertToDeal(history.id, deal, null, null, null, null))
                    .expectEvents(new OpportunityConverted(
                            history.id,
                            deal,
                            AMOUNT,
                            CLOSE_DATE,
                            StageCode.of("initial-contact"),
                            1,
                            List.of(),
                            List.of(),
                            NOW));
            assertThat(dealStream())
                    .containsExactly(new DealCreated(
                            deal, history.id, CUSTOMER, OWNER, AMOUNT, CLOSE_DATE, List.of(), List.of(), NOW));
        }

        @Test
        void cannotConvertIntoAnExistingDeal() {
            directory.with(AggregateDirectory.DEAL, deal);
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new ConvertToDeal(history.id, deal, AMOUNT, CLOSE_DATE, null, null))
                    .expectException(breaking(ALREADY_EXISTS))
                    .expectNoEvents();
            assertThat(dealStream()).isEmpty();
        }

        @Test
        void cannotExpectANegativeAmount() {
            OpportunityHistory history = anOpenOpportunity();
            fixture.given(history.events())
                    .when(new ConvertToDeal(history.id, deal, Money.of("-5", "CNY"), CLOSE_DATE, null, null))
                    .expectException(breaking(INVALID_AMOUNT))
                    .expectNoEvents();
        }
    }

    private List<Object> dealStream() {
        return dealStore
                .readEvents("00000000-0000-0000-0000-0000000000de")
                .asStream()
                .map(DomainEventMessage::getPayload)
                .map(Object.class::cast)
                .toList();
    }

    @Nested
    class Versions {

        @Test
        void aCommandReturnsTheSequenceNumberOfTheEventItAppended() {
            OpportunityHistory history =
                    anOpenOpportunity().inStage("needs-confirmed").withTeamMember(MEMBER);
            fixture.given(history.events())
                    .when(new MarkLost(history.id, "price", "Acme", null, history.version()))
                    .expectResultMessagePayload(history.version() + 1);
        }

        @Test
        void aStaleExpectedVersionIsRefused() {
            OpportunityHistory history =
                    anOpenOpportunity().inStage("needs-confirmed").withTeamMember(MEMBER);
            fixture.given(history.events())
                    .when(new MarkLost(history.id, "price", "Acme", null, history.version() - 1))
                    .expectException(ConflictingAggregateVersionException.class)
                    .expectNoEvents();
        }
    }
}
