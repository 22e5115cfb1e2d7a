package com.opportunityengine.testing;

import static com.opportunityengine.testing.OpportunityHistory.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticHistoriesTest {

    private final List<OpportunityEvent> log = SyntheticHistories.generate(3, 3_000, day(0), day(365));

    @Test
    void theSameSeedGivesTheSameHistories() {
        assertThat(SyntheticHistories.generate(3, 3_000, day(0), day(365))).isEqualTo(log);
        assertThat(SyntheticHistories.generate(4, 3_000, day(0), day(365))).isNotEqualTo(log);
    }

    @Test
    void eventsAreInBusinessTimeOrderWithinTheWindow() {
        for (int i = 1; i < log.size(); i++) {
            assertThat(log.get(i).occurredAt()).isAfterOrEqualTo(log.get(i - 1).occurredAt());
        }
        assertThat(log.get(log.size() - 1).occurredAt()).isBeforeOrEqualTo(day(365));
    }

    @Test
    void opportunitiesCanBeCreatedInASliceOfTheWindowAndRunOnToItsEnd() {
        List<OpportunityEvent> slice = SyntheticHistories.generate(3, 500, day(100), day(110), day(365));
        List<OpportunityCreated> created = slice.stream()
                .filter(e -> e instanceof OpportunityCreated)
                .map(e -> (OpportunityCreated) e)
                .toList();
        assertThat(created)
                .hasSize(500)
                .allSatisfy(c -> assertThat(c.occurredAt()).isBetween(day(100), day(110)));
        assertThat(slice).allSatisfy(e -> assertThat(e.occurredAt()).isBetween(day(100), day(365)));
        assertThat(slice.get(slice.size() - 1).occurredAt()).isAfter(day(110));
        assertThat(SyntheticHistories.generate(3, 3_000, day(0), day(365), day(365)))
                .isEqualTo(log);
    }

    @Test
    void historiesHaveTheMessOfRealOnes() {
        List<OpportunityCreated> created = log.stream()
                .filter(e -> e instanceof OpportunityCreated)
                .map(e -> (OpportunityCreated) e)
                .toList();
        assertThat(created).hasSize(3_000);
        assertThat(created.stream().filter(c -> c.stageOrder() > 1).count()).isGreaterThan(300);
        assertThat(created.stream()
                        .map(c -> c.amount().currency().getCurrencyCode())
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("CNY", "USD", "EUR");
        assertThat(log.stream()
                        .filter(e -> e instanceof StageChanged s && s.toOrder() > s.fromOrder() + 1)
                        .count())
                .as("skipped stages")
                .isGreaterThan(50);
        assertThat(log.stream()
                        .filter(e -> e instanceof StageChanged s && s.direction() == StageDirection.BACKWARD)
                        .count())
                .as("regressions")
                .isGreaterThan(50);
        assertThat(log.stream()
                        .filter(e -> e instanceof OpportunityDetailsUpdated u && u.expectedCloseDate() != null)
                        .count())
                .as("slipping close dates")
                .isGreaterThan(300);
        assertThat(log.stream().filter(e -> e instanceof OpportunityReopened).count())
                .isGreaterThan(5);
    }
}
