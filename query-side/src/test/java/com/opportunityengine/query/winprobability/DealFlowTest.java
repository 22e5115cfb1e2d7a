package com.opportunityengine.query.winprobability;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.testing.OpportunityHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DealFlowTest {

    private static final java.time.Instant FROM = at("2026-01-05T00:00:00Z");
    private static final java.time.Instant TO = at("2026-01-15T00:00:00Z");

    private final List<OpportunityHistory> histories = List.of(
            anOpportunity(1).inStage(1).created(at("2026-01-01T00:00:00Z")).movedTo(3, at("2026-01-10T00:00:00Z")),
            anOpportunity(2).inStage(2).created(at("2026-01-01T00:00:00Z")).lost(at("2026-01-08T00:00:00Z")),
            anOpportunity(3).inStage(3).created(at("2026-01-01T00:00:00Z")).movedTo(2, at("2026-01-07T00:00:00Z")),
            anOpportunity(4).inStage(1).created(at("2026-01-01T00:00:00Z")),
            anOpportunity(5).inStage(2).created(at("2026-01-01T00:00:00Z")).won(at("2026-01-09T00:00:00Z")),
            anOpportunity(6).inStage(1).created(at("2026-01-06T00:00:00Z")),
            anOpportunity(7).inStage(1).created(at("2026-01-06T00:00:00Z")).won(at("2026-01-08T00:00:00Z")),
            anOpportunity(8).inStage(1).created(at("2026-01-01T00:00:00Z")).lost(at("2026-01-03T00:00:00Z")),
            anOpportunity(9).inStage(1).created(at("2026-01-01T00:00:00Z")).movedTo(4, at("2026-01-20T00:00:00Z")),
            anOpportunity(10)
                    .inStage(1)
                    .created(at("2026-01-01T00:00:00Z"))
                    .lost(at("2026-01-02T00:00:00Z"))
                    .reopened(2, at("2026-01-04T00:00:00Z")),
            anOpportunity(11).inStage(2).created(at("2026-01-01T00:00:00Z")));

    private DealFlowView flow(java.util.function.Predicate<String> visible) {
        List<OpportunityEvent> log = new ArrayList<>();
        histories.forEach(h -> log.addAll(h.events()));
        log.sort(Comparator.comparing(OpportunityEvent::occurredAt));
        return DealFlow.of(Pipeline.DEFAULT, log, FROM, TO, visible);
    }

    private String id(int n) {
        return histories.get(n - 1).events().get(0).opportunityId().toString();
    }

    @Test
    void theOpenPipelineAtFromEndsWonLostMovedOrStillThereAtToAndTheNewOnesAreApart() {
        String hidden = id(11);
        DealFlowView flow = flow(id -> !id.equals(hidden));

        DealFlowView.Totals totals = flow.totals();
        // open at from: 1, 2, 3, 4, 5, 9 and 10 (reopened before from); 8 was lost before; 11 is not visible
        assertThat(totals.openAtFrom()).isEqualTo(7);
        assertThat(totals.won()).isEqualTo(1);
        assertThat(totals.lost()).isEqualTo(1);
        assertThat(totals.movedForward()).isEqualTo(1);
        assertThat(totals.movedBack()).isEqualTo(1);
        // 4 and 10 did not move; 9 moved only after to
        assertThat(totals.stayed()).isEqualTo(3);
        assertThat(totals.created()).isEqualTo(2);
        assertThat(totals.createdOpen()).isEqualTo(1);
        assertThat(totals.createdWon()).isEqualTo(1);
        assertThat(totals.createdLost()).isZero();

        DealFlowView.StageFlow initial = flow.stages().get(0);
        assertThat(initial.stage()).isEqualTo("initial-contact");
        assertThat(initial.nameZh()).isEqualTo("初步接触");
        assertThat(initial.openAtFrom()).isEqualTo(3);
        assertThat(initial.movedForward()).isEqualTo(1);
        assertThat(initial.stayed()).isEqualTo(2);
        // at to: 4, 9 and the new 6
        assertThat(initial.openAtTo()).isEqualTo(3);
        assertThat(initial.newAtTo()).isEqualTo(1);
        DealFlowView.StageFlow needs = flow.stages().get(1);
        assertThat(needs.openAtFrom()).isEqualTo(3);
        assertThat(needs.won()).isEqualTo(1);
        assertThat(needs.lost()).isEqualTo(1);
        assertThat(needs.stayed()).isEqualTo(1);
        // 3 moved back into it, 10 stayed
        assertThat(needs.openAtTo()).isEqualTo(2);

        Map<String, Long> links = flow.links().stream()
                .collect(Collectors.toMap(
                        l -> l.source() + ">" + l.target() + ":" + l.outcome(), DealFlowView.Link::count));
        assertThat(links)
                .containsEntry("initial-contact>solution-discussion:MOVED_FORWARD", 1L)
                .containsEntry("initial-contact>initial-contact:STAYED", 2L)
                .containsEntry("solution-discussion>needs-confirmed:MOVED_BACK", 1L)
                .containsEntry("needs-confirmed>LOST:LOST", 1L)
                .containsEntry("needs-confirmed>WON:WON", 1L)
                .containsEntry("needs-confirmed>needs-confirmed:STAYED", 1L)
                .containsEntry("NEW>initial-contact:NEW_OPEN", 1L)
                .containsEntry("NEW>WON:NEW_WON", 1L)
                .hasSize(8);
        assertThat(flow.links().stream().mapToLong(DealFlowView.Link::count).sum())
                .isEqualTo(totals.openAtFrom() + totals.created());
    }

    @Test
    void whatTheReaderDoesNotSeeIsNotCounted() {
        assertThat(flow(id -> true).totals().openAtFrom()).isEqualTo(8);
        assertThat(flow(id -> false).totals().openAtFrom()).isZero();
        assertThat(flow(id -> false).links()).isEmpty();
    }
}
