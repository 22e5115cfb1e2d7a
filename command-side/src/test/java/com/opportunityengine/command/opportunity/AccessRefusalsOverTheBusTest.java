package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.opportunity.OpportunityHistory.AMOUNT;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CLOSE_DATE;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorMetaData;
import com.opportunityengine.command.config.BusinessErrorInterceptor;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.deal.CloseDeal;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.deal.DealOutcome;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.security.Role;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the fixture cannot show: an access refusal travels like every broken rule. Through a command bus
 * with the app's {@link BusinessErrorInterceptor}, a hidden opportunity or deal, an unknown one and a
 * refused role all arrive as a {@link CommandExecutionException} whose details are the {@link BusinessError}
 * (the only part of a failure a distributed bus carries back), and those details survive serialisation.
 */
class AccessRefusalsOverTheBusTest {

    private static final MetaData OTHER_REP = as("zhao.lei", Role.SALES_REP, Set.of());
    private static final MetaData ANALYST = as("an.alyst", Role.ANALYST, Set.of());
    private static final MetaData OWNER_REP = as(OWNER.value(), Role.SALES_REP, Set.of());

    private Configuration axon;
    private CommandGateway commands;

    static MetaData as(String userId, Role role, Set<String> team) {
        return MetaData.from(ActorMetaData.of(Actor.user(userId, Set.of(role), team)));
    }

    @BeforeEach
    void start() {
        FakeDirectory directory = new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER);
        axon = AxonOnMemory.opportunitiesAndDeals(directory)
                .configureCommandBus(c -> {
                    SimpleCommandBus bus = SimpleCommandBus.builder()
                            .transactionManager(NoTransactionManager.INSTANCE)
                            .build();
                    bus.registerHandlerInterceptor(new BusinessErrorInterceptor());
                    return bus;
                })
                .buildConfiguration();
        axon.start();
        commands = axon.commandGateway();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private OpportunityId open() {
        OpportunityId id = OpportunityId.random();
        commands.sendAndWait(
                new CreateOpportunity(
                        id, "ERP", null, CUSTOMER, "web", AMOUNT, CLOSE_DATE, OWNER, null, null, List.of(), null),
                OWNER_REP);
        return id;
    }

    private BusinessError refusal(Object command, MetaData actor) {
        CommandExecutionException refused = catchThrowableOfType(
                () -> commands.sendAndWait(
                        GenericCommandMessage.asCommandMessage(command).andMetaData(actor)),
                CommandExecutionException.class);
        assertThat(refused).as("a CommandExecutionException").isNotNull();
        assertThat(refused.getDetails()).as("its details").containsInstanceOf(BusinessError.class);
        return (BusinessError) refused.getDetails().orElseThrow();
    }

    private long events(Object id) {
        return axon.eventStore().readEvents(id.toString()).asStream().count();
    }

    @Test
    void aHiddenOpportunityArrivesAsTheSameRuleAsAnUnknownOne() {
        OpportunityId hidden = open();
        OpportunityId unknown = OpportunityId.random();

        BusinessError whenHidden = refusal(new MarkLost(hidden, "price", null, null, null), OTHER_REP);
        BusinessError whenUnknown = refusal(new MarkLost(unknown, "price", null, null, null), OTHER_REP);

        assertThat(whenHidden)
                .isEqualTo(new BusinessError(ErrorCode.OPPORTUNITY_NOT_FOUND, "there is no opportunity " + hidden));
        assertThat(whenUnknown)
                .isEqualTo(new BusinessError(ErrorCode.OPPORTUNITY_NOT_FOUND, "there is no opportunity " + unknown));
        assertThat(events(hidden)).isEqualTo(1);
    }

    @Test
    void aRefusedRoleOrOwnerArrivesAsItsForbiddenRule() {
        OpportunityId id = open();

        assertThat(refusal(new MarkLost(id, "price", null, null, null), ANALYST).code())
                .isEqualTo(ErrorCode.ROLE_NOT_ALLOWED);
        assertThat(refusal(new AssignOwner(id, UserId.of("chen.jie"), null, null, null), OWNER_REP)
                        .code())
                .isEqualTo(ErrorCode.ROLE_NOT_ALLOWED);
        assertThat(refusal(
                                new CreateOpportunity(
                                        OpportunityId.random(),
                                        "ERP",
                                        null,
                                        CUSTOMER,
                                        "web",
                                        AMOUNT,
                                        CLOSE_DATE,
                                        UserId.of("chen.jie"),
                                        null,
                                        null,
                                        List.of(),
                                        null),
                                OWNER_REP)
                        .code())
                .isEqualTo(ErrorCode.OWNER_NOT_ALLOWED);
        assertThat(ErrorCode.ROLE_NOT_ALLOWED.kind()).isEqualTo(ErrorCode.Kind.FORBIDDEN);
        assertThat(events(id)).isEqualTo(1);
    }

    @Test
    void aHiddenDealArrivesAsTheSameRuleAsAnUnknownOne() {
        OpportunityId opportunity = open();
        DealId deal = DealId.random();
        commands.sendAndWait(new ConvertToDeal(opportunity, deal, null, null, null, null));

        assertThat(refusal(new CloseDeal(deal, DealOutcome.BOOKED, null, null, null, null), OTHER_REP))
                .isEqualTo(new BusinessError(ErrorCode.DEAL_NOT_FOUND, "there is no deal " + deal));
        DealId unknown = DealId.random();
        assertThat(refusal(new CloseDeal(unknown, DealOutcome.BOOKED, null, null, null, null), OTHER_REP))
                .isEqualTo(new BusinessError(ErrorCode.DEAL_NOT_FOUND, "there is no deal " + unknown));
    }

    /** A distributed command bus carries the details serialised; the cause stays behind. */
    @Test
    void theDetailsSurviveTheWire() {
        BusinessError refused = refusal(new MarkLost(open(), "price", null, null, null), ANALYST);
        JacksonSerializer wire = JacksonSerializer.defaultSerializer();

        SerializedObject<byte[]> sent = wire.serialize(refused, byte[].class);
        Object received = wire.deserialize(sent);

        assertThat(received).isEqualTo(refused);
    }
}
