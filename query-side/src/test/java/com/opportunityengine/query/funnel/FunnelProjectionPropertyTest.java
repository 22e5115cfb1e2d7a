package com.opportunityengine.query.funnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.RandomHistories;
import com.opportunityengine.testing.Sequenced;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For random histories fed in an interleaved log order, the maintained deltas answer exactly what a
 * naive recomputation from all events answers, for many asOf / cohort / owner / source combinations.
 */
class FunnelProjectionPropertyTest {

    @Test
    void maintainedDeltasEqualANaiveRecomputation() {
        Random random = new Random(20260301L);
        List<OpportunityHistory> histories = RandomHistories.generate(random, 150);
        FunnelStore store = new InMemoryFunnelStore();
        FunnelProjection projection = new FunnelProjection(store);
        FunnelQueryService funnel = new FunnelQueryService(PipelineCatalog.defaultOnly(), store);
        for (Sequenced s : RandomHistories.interleaved(random, histories)) {
            projection.on(s.event(), s.sequence());
        }
        List<Instant> eventInstants = new ArrayList<>();
        histories.forEach(h -> h.events().forEach(e -> eventInstants.add(e.occurredAt())));

        int compared = 0;
        int nonEmpty = 0;
        for (int i = 0; i < 300; i++) {
            Instant asOf = switch (i % 4) {
                case 0 -> null;
                case 1 -> eventInstants.get(random.nextInt(eventInstants.size())); // exactly at an event
                case 2 ->
                    eventInstants.get(random.nextInt(eventInstants.size())).minusMillis(1);
                default -> RandomHistories.START.plusSeconds(random.nextInt(220 * 86_400));
            };
            LocalDate from = random.nextInt(3) == 0
                    ? null
                    : LocalDate.parse("2025-10-25").plusDays(random.nextInt(170));
            LocalDate to = random.nextInt(3) == 0
                    ? null
                    : (from == null ? LocalDate.parse("2025-11-01") : from).plusDays(1 + random.nextInt(120));
            String owner = random.nextInt(3) == 0 ? RandomHistories.OWNERS[random.nextInt(3)] : null;
            String source = random.nextInt(4) == 0 ? RandomHistories.SOURCES[random.nextInt(2)] : null;

            Counters expected = naive(histories, from, to, owner, source, asOf);
            Counters actual = funnel.sum("default", from, to, owner, source, asOf);
            assertThat(actual)
                    .as("from %s to %s owner %s source %s asOf %s", from, to, owner, source, asOf)
                    .isEqualTo(expected);
            compared++;
            if (expected.get(FunnelCounter.CREATED) > 0) {
                nonEmpty++;
            }
        }
        assertThat(compared).isEqualTo(300);
        assertThat(nonEmpty).isGreaterThan(150); // the comparisons are not all trivially empty
    }

    static Counters naive(
            List<OpportunityHistory> histories,
            LocalDate from,
            LocalDate to,
            String owner,
            String source,
            Instant asOf) {
        Counters total = new Counters();
        for (OpportunityHistory h : histories) {
            FunnelState state = new FunnelState();
            for (OpportunityEvent e : h.events()) {
                if (asOf == null || !e.occurredAt().isAfter(asOf)) {
                    state = FunnelFold.apply(state, e);
                }
            }
            if (!state.exists()) {
                continue;
            }
            LocalDate cohort = state.cohortDay();
            boolean inCohort = (from == null || !cohort.isBefore(from)) && (to == null || cohort.isBefore(to));
            if (inCohort && FunnelCell.of(state).matches(owner, source)) {
                total.addAll(state.contribution());
            }
        }
        return total;
    }
}
