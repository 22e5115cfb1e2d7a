package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.opportunity.OpportunityHistory.AMOUNT;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CLOSE_DATE;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.events.deal.CloseDeal;
import com.opportunityengine.events.deal.DealClosed;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.deal.DealOutcome;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.StageCode;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the fixture cannot show: ConvertToDeal appending to two streams in one unit of work, and
 * versions as a real repository sees them. A plain Axon configuration on an in-memory store.
 */
class ConversionThroughAxonTest {

    private Configuration axon;
    private CommandGateway commands;

    @BeforeEach
    void start() {
        FakeDirectory directory = new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER);
        axon = AxonOnMemory.opportunitiesAndDeals(directory).buildConfiguration();
        axon.start();
        commands = axon.commandGateway();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private OpportunityId open() {
        OpportunityId id = OpportunityId.random();
        Object result = commands.sendAndWait(new CreateOpportunity(
                id, "ERP", null, CUSTOMER, "web", AMOUNT, CLOSE_DATE, OWNER, null, null, List.of(), null));
        assertThat(result).isEqualTo(id);
        return id;
    }

    private List<DomainEventMessage<?>> stream(Object id) {
        return axon.eventStore()
                .readEvents(id.toString())
                .asStream()
                .<DomainEventMessage<?>>map(m -> m)
                .toList();
    }

    @Test
    void convertingAppendsTheWinAndANewDealInOneUnitOfWork() {
        OpportunityId id = open();
        ContactId contact = ContactId.random();
        long afterContact = commands.sendAndWait(new LogContact(
                id, contact, ContactChannel.CALL, ContactDirection.OUTBOUND, "call", null, null, null, 0L));
        DealId deal = DealId.random();

        long afterConversion = commands.sendAndWait(new ConvertToDeal(id, deal, null, null, null, afterContact));

        assertThat(afterContact).isEqualTo(1L);
        assertThat(afterConversion).isEqualTo(2L);
        assertThat(stream(id)).last().satisfies(m -> {
            assertThat(m.getSequenceNumber()).isEqualTo(2L);
            assertThat(m.getType()).isEqualTo(AggregateDirectory.OPPORTUNITY);
            assertThat(m.getPayload()).isInstanceOf(OpportunityConverted.class);
        });
        assertThat(stream(deal)).singleElement().satisfies(m -> {
            assertThat(m.getSequenceNumber()).isZero();
            assertThat(m.getType()).isEqualTo(AggregateDirectory.DEAL);
            assertThat(((DealCreated) m.getPayload()).contactIds()).containsExactly(contact);
            assertThat(((DealCreated) m.getPayload()).opportunityId()).isEqualTo(id);
        });

        long dealVersion = commands.sendAndWait(new CloseDeal(deal, DealOutcome.BOOKED, null, null, null, 0L));

        assertThat(dealVersion).isEqualTo(1L);
        assertThat(((DealClosed) stream(deal).get(1).getPayload()).actualAmount())
                .isEqualTo(AMOUNT);
    }

    @Test
    void aCommandWithAStaleExpectedVersionIsRefusedAndAppendsNothing() {
        OpportunityId id = open();
        long current = commands.sendAndWait(new AdvanceStage(id, StageCode.of("needs-confirmed"), null, null, 0L));

        assertThatThrownBy(() -> commands.sendAndWait(
                        new AdvanceStage(id, StageCode.of("negotiation"), null, null, current - 1)))
                .isInstanceOf(ConflictingAggregateVersionException.class);
        assertThat(stream(id)).hasSize(2);
    }
}
