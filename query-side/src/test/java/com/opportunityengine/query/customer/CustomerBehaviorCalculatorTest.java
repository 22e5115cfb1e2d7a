package com.opportunityengine.query.customer;

import java.util.ArrayList;
import java.util.List;

import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.query.support.OpportunityStory;
import com.opportunityengine.query.support.Sequenced;
import org.junit.jupiter.api.Test;

import static com.opportunityengine.query.support.OpportunityStory.anOpportunityOf;
import static com.opportunityengine.query.support.OpportunityStory.at;
import static org.assertj.core.api.Assertions.assertThat;

class CustomerBehaviorCalculatorTest {

    private final CustomerId customer = CustomerId.random();

    private static CustomerOpportunityState fold(OpportunityStory story) {
        CustomerOpportunityState state = new CustomerOpportunityState();
        for (Sequenced s : story.events()) {
            state.apply(s.event(), s.sequence());
        }
        return state;
    }

    /** won after 10 days, lost after 4 days, lost then reopened (open), one plain open: known answers. */
    private List<CustomerOpportunityState> history() {
        OpportunityStory won = anOpportunityOf(customer);
        won.created("A", "100", "li.wei", at("2026-01-01T00:00:00Z"));
        won.contact(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-02T00:00:00Z"));
        won.contact(ContactChannel.EMAIL, ContactDirection.INBOUND, at("2026-01-05T00:00:00Z"));
        won.converted(DealId.random(), at("2026-01-11T00:00:00Z"));

        OpportunityStory lost = anOpportunityOf(customer);
        lost.created("B", "100", "li.wei", at("2026-01-03T00:00:00Z"));
        lost.contact(ContactChannel.CALL, ContactDirection.INBOUND, at("2026-01-03T12:00:00Z"));
        lost.lost("price", at("2026-01-07T00:00:00Z"));

        OpportunityStory reopened = anOpportunityOf(customer);
        reopened.created("C", "100", "li.wei", at("2026-01-04T00:00:00Z"));
        reopened.lost("timing", at("2026-01-06T00:00:00Z"));
        reopened.reopened(1, at("2026-01-20T00:00:00Z"));

        OpportunityStory open = anOpportunityOf(customer);
        open.created("D", "100", "li.wei", at("2026-01-08T00:00:00Z"));
        open.contact(ContactChannel.MEETING, ContactDirection.OUTBOUND, at("2026-01-12T00:00:00Z"));

        List<CustomerOpportunityState> all = new ArrayList<>();
        for (OpportunityStory story : List.of(won, lost, reopened, open)) {
            all.add(fold(story));
        }
        return all;
    }

    @Test
    void countsOpportunitiesAndWinRateWithAReopenedOneCountingAsOpen() {
        CustomerBehavior behavior = CustomerBehaviorCalculator.compute(customer.toString(), "ACME", history());

        assertThat(behavior.opportunities()).isEqualTo(new OpportunityCounts(4, 2, 1, 1));
        assertThat(behavior.winRate()).isEqualTo(0.5);
        assertThat(behavior.name()).isEqualTo("ACME");
    }

    @Test
    void countsContactsByChannelAndDirection() {
        ContactStatistics contacts = CustomerBehaviorCalculator.compute(customer.toString(), null, history()).contacts();

        assertThat(contacts.total()).isEqualTo(4);
        assertThat(contacts.byChannel()).containsEntry("CALL", 2L).containsEntry("EMAIL", 1L)
                .containsEntry("MEETING", 1L).containsEntry("DEMO", 0L).hasSize(ContactChannel.values().length);
        assertThat(contacts.byDirection()).containsEntry("INBOUND", 2L).containsEntry("OUTBOUND", 2L);
    }

    @Test
    void medianGapBetweenContactsAndAverageCycleOverClosedOnesInBusinessTime() {
        // contacts on Jan 2, 3.5, 5, 12: gaps 1.5, 1.5, 7 -> median 1.5; cycles 10 (won) and 4 (lost) -> 7
        CustomerBehavior behavior = CustomerBehaviorCalculator.compute(customer.toString(), null, history());

        assertThat(behavior.medianDaysBetweenContacts()).isEqualTo(1.5);
        assertThat(behavior.avgCycleDays()).isEqualTo(7.0);
        assertThat(behavior.lastActivityAt()).isEqualTo(at("2026-01-20T00:00:00Z"));
    }

    @Test
    void aCustomerWithoutHistoryHasNothingToMeasure() {
        CustomerBehavior behavior = CustomerBehaviorCalculator.compute(customer.toString(), "ACME", List.of());

        assertThat(behavior.opportunities()).isEqualTo(new OpportunityCounts(0, 0, 0, 0));
        assertThat(behavior.winRate()).isNull();
        assertThat(behavior.medianDaysBetweenContacts()).isNull();
        assertThat(behavior.avgCycleDays()).isNull();
        assertThat(behavior.lastActivityAt()).isNull();
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(CustomerBehaviorCalculator.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        OpportunityStory story = anOpportunityOf(customer);
        story.created("A", "100", "li.wei", at("2026-01-01T00:00:00Z"));
        story.contact(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-02T00:00:00Z"));
        CustomerOpportunityState state = fold(story);

        Sequenced contact = story.last();
        assertThat(state.apply(contact.event(), contact.sequence())).isFalse();
        assertThat(state.contacts).hasSize(1);
    }
}
