package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.anOpenOpportunity;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.assignment.AssignmentWorld;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorMetaData;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.email.EmailWorld;
import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.HandOverOpportunity;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.security.Role;
import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hand-over's move: the opportunity and its departing owner's open tasks go to the chosen owner, once. */
class HandOverTest {

    @RegisterExtension
    static final EmbeddedMongo MONGO = new EmbeddedMongo();

    private static final UserId TO = UserId.of("bob");
    private static final TaskId OPEN = TaskId.of("00000000-0000-0000-0000-00000000000a");
    private static final TaskId DONE = TaskId.of("00000000-0000-0000-0000-00000000000b");
    private static final TaskId OTHERS = TaskId.of("00000000-0000-0000-0000-00000000000c");
    private static final AssignmentDecision DECISION = new AssignmentDecision(
            "handover-1",
            null,
            AssignmentStrategy.ROUND_ROBIN,
            List.of(TO),
            List.of(),
            "round robin turn 1",
            1L,
            false);

    private FixtureConfiguration<Opportunity> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Opportunity.class)
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(Pipelines.of())
                .registerInjectableResource(new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER))
                .registerInjectableResource(new AssignmentWorld(MONGO.database("handover")).assigner())
                .registerInjectableResource(EmailWorld.none());
    }

    private static List<OpportunityEvent> withTasks(OpportunityHistory history) {
        List<OpportunityEvent> events =
                new ArrayList<>(history.withTask(OPEN).withCompletedTask(DONE).events());
        events.add(new FollowUpScheduled(
                history.id, OTHERS, UserId.of("presales"), NOW.plus(Duration.ofDays(2)), TaskType.CALL, "demo", NOW));
        return events;
    }

    @Test
    void movesTheOpportunityAndTheDepartingOwnersOpenTasksNotTheDoneOnesNorOthers() {
        OpportunityHistory history = anOpenOpportunity();
        fixture.given(withTasks(history))
                .when(new HandOverOpportunity(history.id, OWNER, TO, DECISION, null))
                .expectEvents(new OwnerAssigned(history.id, OWNER, TO, "HANDOVER", NOW, List.of(OPEN), DECISION))
                .expectState(opportunity -> {
                    OpportunityState state = opportunity.state();
                    assertThat(state.ownerId()).isEqualTo(TO);
                    assertThat(state.task(OPEN).orElseThrow().assigneeId()).isEqualTo(TO);
                    assertThat(state.task(DONE).orElseThrow().assigneeId()).isEqualTo(OWNER);
                    assertThat(state.task(OTHERS).orElseThrow().assigneeId()).isEqualTo(UserId.of("presales"));
                });
    }

    @Test
    void aMoveSentAgainAfterItHappenedChangesNothing() {
        OpportunityHistory history = anOpenOpportunity();
        List<OpportunityEvent> moved = new ArrayList<>(history.events());
        moved.add(new OwnerAssigned(history.id, OWNER, TO, "HANDOVER", NOW, List.of(), DECISION));
        fixture.given(moved)
                .when(new HandOverOpportunity(history.id, OWNER, UserId.of("cai"), DECISION, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aClosedOpportunityStaysWhereItIs() {
        OpportunityHistory history = anOpenOpportunity().lost();
        fixture.given(history.events())
                .when(new HandOverOpportunity(history.id, OWNER, TO, DECISION, null))
                .expectNoEvents();
    }

    @Test
    void onlyTheEngineOrAnAdminHandsOver() {
        OpportunityHistory history = anOpenOpportunity();
        fixture.given(history.events())
                .when(
                        new HandOverOpportunity(history.id, OWNER, TO, DECISION, null),
                        MetaData.from(ActorMetaData.of(Actor.user(OWNER.toString(), Set.of(Role.SALES_REP), Set.of()))))
                .expectNoEvents()
                .expectException(breaking(ErrorCode.ROLE_NOT_ALLOWED));
    }
}
