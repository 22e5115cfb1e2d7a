package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.opportunity.OpportunityHistory.AMOUNT;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CLOSE_DATE;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.anOpenOpportunity;
import static com.opportunityengine.events.common.ErrorCode.OPPORTUNITY_NOT_FOUND;
import static com.opportunityengine.events.common.ErrorCode.OWNER_NOT_ALLOWED;
import static com.opportunityengine.events.common.ErrorCode.ROLE_NOT_ALLOWED;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.assignment.AssignmentWorld;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorMetaData;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.email.EmailWorld;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OwnerAssigned;
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

/**
 * The owner and team rules, decided on the opportunity's own state from the actor in the command's metadata:
 * business rules like any other (a hidden opportunity is OPPORTUNITY_NOT_FOUND, a refusal ROLE_NOT_ALLOWED or
 * OWNER_NOT_ALLOWED), never framework exceptions.
 */
class OpportunityAccessTest {

    @RegisterExtension
    static final EmbeddedMongo MONGO = new EmbeddedMongo();

    private static final UserId REP2 = UserId.of("chen.jie");
    private static final MetaData OWNER_REP = as("li.wei", Set.of(Role.SALES_REP), Set.of());
    private static final MetaData OTHER_REP = as("zhao.lei", Set.of(Role.SALES_REP), Set.of());
    private static final MetaData TEAM_MANAGER =
            as("wang.boss", Set.of(Role.SALES_MANAGER), Set.of("li.wei", "chen.jie"));
    private static final MetaData OTHER_MANAGER = as("sun.boss", Set.of(Role.SALES_MANAGER), Set.of("zhao.lei"));
    private static final MetaData ANALYST = as("an.alyst", Set.of(Role.ANALYST), Set.of());
    private static final MetaData SERVICE = as("erp-sync", Set.of(Role.SERVICE), Set.of());

    private FixtureConfiguration<Opportunity> fixture;

    static MetaData as(String userId, Set<Role> roles, Set<String> team) {
        return MetaData.from(ActorMetaData.of(Actor.user(userId, roles, team)));
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Opportunity.class)
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(new AssignmentWorld(MONGO.database("assignment")).assigner())
                .registerInjectableResource(EmailWorld.none())
                .registerInjectableResource(Pipelines.of())
                .registerInjectableResource(new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER));
    }

    private static MarkLost lose(OpportunityHistory history) {
        return new MarkLost(history.id, "price", null, null, null);
    }

    @Test
    void theOwnerAndATeamMemberMayChangeIt() {
        OpportunityHistory history = anOpenOpportunity().withTeamMember(REP2);
        fixture.given(history.events())
                .when(lose(history), OWNER_REP)
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.instanceOf(OpportunityLost.class))));
        fixture.given(history.events())
                .when(lose(history), as("chen.jie", Set.of(Role.SALES_REP), Set.of()))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void someoneElsesOpportunityDoesNotExistForARepOrAnotherTeamsManager() {
        OpportunityHistory history = anOpenOpportunity();
        fixture.given(history.events())
                .when(lose(history), OTHER_REP)
                .expectException(breaking(OPPORTUNITY_NOT_FOUND))
                .expectExceptionMessage("there is no opportunity " + history.id)
                .expectNoEvents();
        fixture.given(history.events())
                .when(lose(history), OTHER_MANAGER)
                .expectException(breaking(OPPORTUNITY_NOT_FOUND))
                .expectNoEvents();
        fixture.given(history.events()).when(lose(history), TEAM_MANAGER).expectSuccessfulHandlerExecution();
    }

    @Test
    void readersSendNoCommandsAndServicesSendAny() {
        OpportunityHistory history = anOpenOpportunity();
        fixture.given(history.events())
                .when(lose(history), ANALYST)
                .expectException(breaking(ROLE_NOT_ALLOWED))
                .expectNoEvents();
        fixture.given(history.events()).when(lose(history), SERVICE).expectSuccessfulHandlerExecution();
    }

    @Test
    void onlyAManagerAssignsOwnersAndOnlyWithinTheTeam() {
        OpportunityHistory history = anOpenOpportunity();
        AssignOwner toRep2 = new AssignOwner(history.id, REP2, "capacity", null, null);
        fixture.given(history.events())
                .when(toRep2, OWNER_REP)
                .expectException(breaking(ROLE_NOT_ALLOWED))
                .expectNoEvents();
        fixture.given(history.events())
                .when(new AssignOwner(history.id, UserId.of("zhao.lei"), null, null, null), TEAM_MANAGER)
                .expectException(breaking(OWNER_NOT_ALLOWED))
                .expectNoEvents();
        fixture.given(history.events())
                .when(toRep2, TEAM_MANAGER)
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.instanceOf(OwnerAssigned.class))));
    }

    @Test
    void aRepCreatesOnlyWhatTheyOwnAManagerForTheTeam() {
        OpportunityId id = OpportunityId.of("00000000-0000-0000-0000-0000000000ab");
        CreateOpportunity forRep2 = new CreateOpportunity(
                id, "ERP", null, CUSTOMER, "web", AMOUNT, CLOSE_DATE, REP2, null, (StageCode) null, List.of(), null);
        fixture.givenNoPriorActivity()
                .when(forRep2, OWNER_REP)
                .expectException(breaking(OWNER_NOT_ALLOWED))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(forRep2, OTHER_MANAGER)
                .expectException(breaking(OWNER_NOT_ALLOWED))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(forRep2, ANALYST)
                .expectException(breaking(ROLE_NOT_ALLOWED))
                .expectNoEvents();
        fixture.givenNoPriorActivity().when(forRep2, TEAM_MANAGER).expectSuccessfulHandlerExecution();
    }

    @Test
    void aCommandSentInsideTheEngineIsNotChecked() {
        OpportunityHistory history = anOpenOpportunity();
        // the importer's replay names its user for the events, but no roles
        fixture.given(history.events())
                .when(lose(history), MetaData.with("actor", "importer"))
                .expectSuccessfulHandlerExecution();
        fixture.given(history.events()).when(lose(history)).expectSuccessfulHandlerExecution();
    }
}
