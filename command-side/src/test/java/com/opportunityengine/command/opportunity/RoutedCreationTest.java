package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.assignment.AssignmentWorld.teamRule;
import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.command.opportunity.OpportunityHistory.AMOUNT;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CLOSE_DATE;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.events.assignment.AssignmentStrategy.ROUND_ROBIN;
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
import com.opportunityengine.events.assignment.PassOverReason;
import com.opportunityengine.events.assignment.PassedOver;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.security.Role;
import com.opportunityengine.testing.EmbeddedMongo;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A create without an owner is assigned by the rules in its own unit of work, and the event records the decision. */
class RoutedCreationTest {

    @RegisterExtension
    static final EmbeddedMongo MONGO = new EmbeddedMongo();

    private static final OpportunityId ID = OpportunityId.of("00000000-0000-0000-0000-0000000000bb");
    private AssignmentWorld world;
    private FixtureConfiguration<Opportunity> fixture;

    @BeforeEach
    void setUp() {
        world = new AssignmentWorld(MONGO.database("routed")).rep("ann", "east").rep("bob", "east");
        fixture = new AggregateTestFixture<>(Opportunity.class)
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(Pipelines.of())
                .registerInjectableResource(new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER))
                .registerInjectableResource(world.assigner())
                .registerInjectableResource(EmailWorld.none());
    }

    private static CreateOpportunity unowned() {
        return new CreateOpportunity(
                ID, "ERP rollout", null, CUSTOMER, "web", AMOUNT, CLOSE_DATE, null, null, null, List.of(), null);
    }

    private static OpportunityCreated created(UserId owner, AssignmentDecision decision) {
        return new OpportunityCreated(
                ID,
                "ERP rollout",
                null,
                CUSTOMER,
                "web",
                AMOUNT,
                CLOSE_DATE,
                owner,
                PipelineId.DEFAULT,
                StageCode.of("initial-contact"),
                1,
                List.of(),
                NOW,
                decision);
    }

    private static MetaData as(String userId, Role... roles) {
        return MetaData.from(ActorMetaData.of(Actor.user(userId, Set.of(roles), Set.of())));
    }

    @Test
    void recordsTheOwnerRuleVersionCandidatesAndWhyTheOthersWerePassedOver() {
        world.rules(teamRule("east", "east", ROUND_ROBIN));
        world.absent("ann", NOW.minusSeconds(60), NOW.plusSeconds(60));
        fixture.givenNoPriorActivity()
                .when(unowned(), as("sam", Role.SERVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created(
                        UserId.of("bob"),
                        new AssignmentDecision(
                                "east",
                                1L,
                                AssignmentStrategy.ROUND_ROBIN,
                                List.of(UserId.of("ann"), UserId.of("bob")),
                                List.of(new PassedOver(UserId.of("ann"), PassOverReason.ABSENT)),
                                "round robin turn 1 of rule east: the first available member after the previous"
                                        + " turn's, in user-id order",
                                1L,
                                false)));
    }

    @Test
    void noRuleMeansNoAssigneeAndNothingAppended() {
        fixture.givenNoPriorActivity()
                .when(unowned(), as("sam", Role.SERVICE))
                .expectNoEvents()
                .expectException(breaking(ErrorCode.NO_ASSIGNEE));
    }

    @Test
    void aRepMayCreateForTheRulesToAssignAnAnalystMayNot() {
        world.rules(teamRule("east", "east", ROUND_ROBIN));
        fixture.givenNoPriorActivity()
                .when(unowned(), as("bob", Role.SALES_REP))
                .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(unowned(), as("ivy", Role.ANALYST))
                .expectNoEvents()
                .expectException(breaking(ErrorCode.ROLE_NOT_ALLOWED));
    }

    @Test
    void aReplayAppliesTheRecordedOwnerAndNeverAsksTheRulesAgain() {
        // today's rules would give it to ann; the recorded decision gave it to bob, and that is what the state has
        world.rules(teamRule("east", "east", ROUND_ROBIN));
        AssignmentDecision recorded = new AssignmentDecision(
                "old",
                7L,
                AssignmentStrategy.LEAST_LOADED,
                List.of(UserId.of("bob")),
                List.of(),
                "least loaded",
                null,
                false);
        fixture.given(created(UserId.of("bob"), recorded))
                .when(new AssignOwner(ID, UserId.of("bob"), "again", null, null), as("sam", Role.SERVICE))
                .expectException(breaking(ErrorCode.OWNER_UNCHANGED));
        assertThat(world.turns.history("east")).isEmpty();
    }

    @Test
    void aCreateNamingItsOwnerIsAsBeforeWithNoDecision() {
        world.rules(teamRule("east", "east", ROUND_ROBIN));
        fixture.givenNoPriorActivity()
                .when(
                        new CreateOpportunity(
                                ID,
                                "ERP rollout",
                                null,
                                CUSTOMER,
                                "web",
                                AMOUNT,
                                CLOSE_DATE,
                                UserId.of("cai"),
                                null,
                                null,
                                List.of(),
                                null),
                        as("sam", Role.SERVICE))
                .expectEvents(created(UserId.of("cai"), null));
        assertThat(world.turns.history("east")).isEmpty();
    }
}
