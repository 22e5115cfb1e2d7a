package com.opportunityengine.query.customer;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunityOf;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerBehaviorCalculatorTest {

    private final CustomerId customer = CustomerId.random();

    private static CustomerOpportunityState fold(OpportunityHistory story) {
        CustomerOpportunityState state = new CustomerOpportunityState();
        for (Sequenced s : story.sequenced()) {
            state.apply(s.event(), s.sequence());
        }
        return state;
    }

    /** won after 10 days, lost after 4 days, lost then reopened (open), one plain open: known answers. */
    private List<CustomerOpportunityState> history() {
        OpportunityHistory won = anOpportunityOf(customer);
        won.titled("A").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-01T00:00:00Z"));
        won.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-02T00:00:00Z"));
        won.contacted(ContactChannel.EMAIL, ContactDirection.INBOUND, at("2026-01-05T00:00:00Z"));
        won.convertedTo(DealId.random(), at("2026-01-11T00:00:00Z"));

        OpportunityHistory lost = anOpportunityOf(customer);
        lost.titled("B").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-03T00:00:00Z"));
        lost.contacted(ContactChannel.CALL, ContactDirection.INBOUND, at("2026-01-03T12:00:00Z"));
        lost.lost("price", "rival", at("2026-01-07T00:00:00Z"));

        OpportunityHistory reopened = anOpportunityOf(customer);
        reopened.titled("C").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-04T00:00:00Z"));
        reopened.lost("timing", "rival", at("2026-01-06T00:00:00Z"));
        reopened.reopened(1, at("2026-01-20T00:00:00Z"));

        OpportunityHistory open = anOpportunityOf(customer);
        open.titled("D").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-08T00:00:00Z"));
        open.contacted(ContactChannel.MEETING, ContactDirection.OUTBOUND, at("2026-01-12T00:00:00Z"));

        List<CustomerOpportunityState> all = new ArrayList<>();
        for (OpportunityHistory story : List.of(won, lost, reopened, open)) {
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
        ContactStatistics contacts = CustomerBehaviorCalculator.compute(customer.toString(), null, history())
                .contacts();

        assertThat(contacts.total()).isEqualTo(4);
        assertThat(contacts.byChannel())
                .containsEntry("CALL", 2L)
                .containsEntry("EMAIL", 1L)
                .containsEntry("MEETING", 1L)
                .containsEntry("DEMO", 0L)
                .hasSize(ContactChannel.values().length);
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
        assertThat(CustomerBehaviorCalculator.median(List.of(4.0, 1.0, 3.0, 2.0)))
                .isEqualTo(2.5);
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        OpportunityHistory story = anOpportunityOf(customer);
        story.titled("A").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-01T00:00:00Z"));
        story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-02T00:00:00Z"));
        CustomerOpportunityState state = fold(story);

        Sequenced contact = story.lastSequenced();
        assertThat(state.apply(contact.event(), contact.sequence())).isFalse();
        assertThat(state.contacts).hasSize(1);
    }
}
