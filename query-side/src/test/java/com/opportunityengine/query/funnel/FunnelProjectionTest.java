package com.opportunityengine.query.funnel;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.testing.OpportunityHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The funnel's arithmetic: events filed by the projection, counters summed by the query service, in memory. */
class FunnelProjectionTest {

    private final FunnelStore store = new InMemoryFunnelStore();
    private final FunnelProjection projection = new FunnelProjection(store);
    private final FunnelQueryService funnel = new FunnelQueryService(PipelineCatalog.defaultOnly(), store);

    private void feed(OpportunityHistory... histories) {
        for (OpportunityHistory history : histories) {
            List<OpportunityEvent> events = history.events();
            for (int seq = 0; seq < events.size(); seq++) {
                projection.on(events.get(seq), seq);
            }
        }
    }

    private Counters counters(String from, String to, String owner, String source, String asOf) {
        return funnel.sum(
                "default",
                from == null ? null : LocalDate.parse(from),
                to == null ? null : LocalDate.parse(to),
                owner,
                source,
                asOf == null ? null : Instant.parse(asOf));
    }

    private List<FunnelStageView> stages(Counters c) {
        return FunnelReport.stages(Pipeline.DEFAULT, c);
    }

    private List<FunnelStageView> stages() {
        return stages(counters(null, null, null, null, null));
    }

    private FunnelOverallView overall() {
        return FunnelReport.overall(counters(null, null, null, null, null));
    }

    private static List<Long> reached(List<FunnelStageView> stages) {
        return stages.stream().map(FunnelStageView::reached).toList();
    }

    private static List<Long> advanced(List<FunnelStageView> stages) {
        return stages.stream().map(FunnelStageView::advanced).toList();
    }

    private static List<Long> current(List<FunnelStageView> stages) {
        return stages.stream().map(FunnelStageView::current).toList();
    }

    private static List<Long> lost(List<FunnelStageView> stages) {
        return stages.stream().map(FunnelStageView::lost).toList();
    }

    @Test
    void skippedStagesCountAsReachedAndAdvanced() {
        feed(anOpportunity(1).created(at("2026-01-05T09:00:00Z")).movedTo(3, at("2026-01-06T09:00:00Z")));

        List<FunnelStageView> stages = stages();
        assertThat(reached(stages)).containsExactly(1L, 1L, 1L, 0L);
        assertThat(advanced(stages)).containsExactly(1L, 1L, 0L, 0L);
        assertThat(current(stages)).containsExactly(0L, 0L, 1L, 0L);
        assertThat(stages.get(1).conversionToNext()).isEqualTo(1.0);
        assertThat(stages.get(2).conversionToNext()).isEqualTo(0.0);
        assertThat(stages.get(3).conversionToNext()).isNull();
        assertThat(stages.get(1).entered()).isZero(); // skipped: never sat in it
    }

    @Test
    void backwardMovesDoNotLowerReachedAndAreCountedOutOfTheirStage() {
        feed(anOpportunity(1)
                .created(at("2026-01-05T09:00:00Z"))
                .movedTo(3, at("2026-01-06T09:00:00Z"))
                .movedTo(2, at("2026-01-07T09:00:00Z")));

        List<FunnelStageView> stages = stages();
        assertThat(reached(stages)).containsExactly(1L, 1L, 1L, 0L);
        assertThat(advanced(stages)).containsExactly(1L, 1L, 0L, 0L);
        assertThat(current(stages)).containsExactly(0L, 1L, 0L, 0L);
        assertThat(stages.get(2).backwardMovesOut()).isEqualTo(1);
        assertThat(stages.get(1).entered()).isEqualTo(1);
        assertThat(overall().backwardMoves()).isEqualTo(1);
    }

    @Test
    void aWonOpportunityHasPassedEveryStage() {
        feed(anOpportunity(1)
                .created(at("2026-01-01T00:00:00Z"))
                .movedTo(2, at("2026-01-03T00:00:00Z"))
                .won(at("2026-01-11T00:00:00Z")));

        List<FunnelStageView> stages = stages();
        assertThat(reached(stages)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(advanced(stages)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(current(stages)).containsExactly(0L, 0L, 0L, 0L);
        FunnelOverallView overall = overall();
        assertThat(overall.created()).isEqualTo(1);
        assertThat(overall.won()).isEqualTo(1);
        assertThat(overall.open()).isZero();
        assertThat(overall.winRate()).isEqualTo(1.0);
        assertThat(overall.avgCycleDays()).isEqualTo(10.0);
        assertThat(stages.get(1).avgDaysInStage()).isEqualTo(8.0); // the stay ends with the win
    }

    @Test
    void lostCountsAtTheHighestStageReachedAndLostFromStageWhereItSat() {
        feed(
                anOpportunity(1)
                        .created(at("2026-01-01T00:00:00Z"))
                        .movedTo(2, at("2026-01-02T00:00:00Z"))
                        .lost(at("2026-01-05T00:00:00Z")),
                anOpportunity(2)
                        .created(at("2026-01-01T00:00:00Z"))
                        .movedTo(3, at("2026-01-02T00:00:00Z"))
                        .movedTo(1, at("2026-01-03T00:00:00Z"))
                        .lost(at("2026-01-07T00:00:00Z")),
                anOpportunity(3).created(at("2026-01-01T00:00:00Z")).lost(at("2026-01-02T00:00:00Z")),
                anOpportunity(4)
                        .created(at("2026-01-01T00:00:00Z"))
                        .movedTo(4, at("2026-01-02T00:00:00Z"))
                        .won(at("2026-01-03T00:00:00Z")));

        List<FunnelStageView> stages = stages();
        assertThat(lost(stages)).containsExactly(1L, 1L, 1L, 0L);
        assertThat(stages.stream().map(FunnelStageView::lostFromStage).toList()).containsExactly(2L, 1L, 0L, 0L);
        assertThat(reached(stages)).containsExactly(4L, 3L, 2L, 1L);
        assertThat(advanced(stages)).containsExactly(3L, 2L, 1L, 1L);
        assertThat(stages.get(0).conversionToNext()).isEqualTo(0.75);
        assertThat(stages.get(1).conversionToNext()).isEqualTo(0.6667);
        FunnelOverallView overall = overall();
        assertThat(overall.lost()).isEqualTo(3);
        assertThat(overall.won()).isEqualTo(1);
        assertThat(overall.winRate()).isEqualTo(0.25);
        // cycles: 4 + 6 + 1 + 2 days over 4 closed
        assertThat(overall.avgCycleDays()).isEqualTo(3.25);
    }

    @Test
    void aReopenedOpportunityIsOpenAgainAndNoLongerLost() {
        feed(anOpportunity(1)
                .created(at("2026-01-01T00:00:00Z"))
                .movedTo(2, at("2026-01-02T00:00:00Z"))
                .lost(at("2026-01-04T00:00:00Z"))
                .reopened(3, at("2026-01-10T00:00:00Z")));

        List<FunnelStageView> stages = stages();
        assertThat(lost(stages)).containsExactly(0L, 0L, 0L, 0L);
        assertThat(reached(stages)).containsExactly(1L, 1L, 1L, 0L);
        assertThat(current(stages)).containsExactly(0L, 0L, 1L, 0L);
        FunnelOverallView overall = overall();
        assertThat(overall.lost()).isZero();
        assertThat(overall.open()).isEqualTo(1);
        assertThat(overall.winRate()).isNull();
        assertThat(overall.avgCycleDays()).isNull();
        // as of before the reopen it was lost at stage 2
        Counters before = counters(null, null, null, null, "2026-01-09T23:59:59Z");
        assertThat(lost(stages(before))).containsExactly(0L, 1L, 0L, 0L);
        assertThat(FunnelReport.overall(before).avgCycleDays()).isEqualTo(3.0);
    }

    @Test
    void daysInStageCountCompletedStaysOnlyWithAverageAndMedian() {
        feed(
                anOpportunity(1)
                        .created(at("2026-01-01T00:00:00Z"))
                        .movedTo(2, at("2026-01-03T00:00:00Z")) // 2 days in 1
                        .movedTo(3, at("2026-01-06T00:00:00Z")) // 3 days in 2
                        .movedTo(2, at("2026-01-07T00:00:00Z")) // 1 day in 3
                        .lost(at("2026-01-11T00:00:00Z")), // 4 days in 2
                anOpportunity(2)
                        .created(at("2026-01-01T00:00:00Z"))
                        .movedTo(2, at("2026-01-02T12:00:00Z")) // 1.5 days in 1
                        .movedTo(3, at("2026-01-12T12:00:00Z")), // 10 days in 2, in 3 still
                anOpportunity(3).created(at("2026-01-01T00:00:00Z"))); // in 1 still: no completed stay

        List<FunnelStageView> stages = stages();
        FunnelStageView one = stages.get(0);
        assertThat(one.avgDaysInStage()).isEqualTo(1.75);
        assertThat(one.medianDaysInStage()).isEqualTo(1.5); // whole days: 2 and 1 (1.5 truncated)
        assertThat(one.entered()).isEqualTo(3);
        assertThat(one.exited()).isEqualTo(2);
        FunnelStageView two = stages.get(1);
        assertThat(two.exited()).isEqualTo(3);
        assertThat(two.entered()).isEqualTo(3);
        assertThat(two.avgDaysInStage()).isEqualTo(5.67); // (3 + 4 + 10) / 3
        assertThat(two.medianDaysInStage()).isEqualTo(4.0);
        assertThat(two.cumulativeDaysInStage()).isEqualTo(17.0);
        FunnelStageView three = stages.get(2);
        assertThat(three.exited()).isEqualTo(1);
        assertThat(three.avgDaysInStage()).isEqualTo(1.0);
        assertThat(stages.get(3).avgDaysInStage()).isNull();
        assertThat(stages.get(3).medianDaysInStage()).isNull();
    }

    @Test
    void theCohortIsSelectedByCreationDateFromInclusiveToExclusive() {
        feed(
                anOpportunity(1).created(at("2026-01-31T23:59:59Z")),
                anOpportunity(2).created(at("2026-02-01T00:00:00Z")),
                anOpportunity(3).created(at("2026-02-28T23:59:59Z")).won(at("2026-03-02T00:00:00Z")),
                anOpportunity(4).created(at("2026-03-01T00:00:00Z")),
                anOpportunity(5).created(at("2026-03-15T10:00:00Z")));

        assertThat(FunnelReport.overall(counters("2026-02-01", "2026-03-01", null, null, null))
                        .created())
                .isEqualTo(2);
        assertThat(FunnelReport.overall(counters("2026-02-01", "2026-03-01", null, null, null))
                        .won())
                .isEqualTo(1);
        assertThat(FunnelReport.overall(counters("2026-01-31", "2026-02-01", null, null, null))
                        .created())
                .isEqualTo(1);
        assertThat(FunnelReport.overall(counters("2026-02-02", "2026-03-16", null, null, null))
                        .created())
                .isEqualTo(3);
        assertThat(FunnelReport.overall(counters(null, "2026-03-01", null, null, null))
                        .created())
                .isEqualTo(3);
        assertThat(FunnelReport.overall(counters("2026-03-01", null, null, null, null))
                        .created())
                .isEqualTo(2);
        assertThat(FunnelReport.overall(counters("2026-04-01", null, null, null, null))
                        .created())
                .isZero();
        assertThat(FunnelReport.overall(counters("2026-01-01", "2026-12-31", null, null, null))
                        .created())
                .isEqualTo(5);
    }

    @Test
    void theOwnerIsTheOwnerAtAsOf() {
        feed(
                anOpportunity(1)
                        .ownedBy("alice")
                        .created(at("2026-01-01T00:00:00Z"))
                        .movedTo(2, at("2026-01-02T00:00:00Z"))
                        .reassignedTo("bob", at("2026-01-05T00:00:00Z"))
                        .movedTo(3, at("2026-01-06T00:00:00Z")),
                anOpportunity(2).ownedBy("bob").from("fair").created(at("2026-01-03T00:00:00Z")));

        assertThat(FunnelReport.overall(counters(null, null, "alice", null, null))
                        .created())
                .isZero();
        assertThat(FunnelReport.overall(counters(null, null, "bob", null, null)).created())
                .isEqualTo(2);
        assertThat(reached(stages(counters(null, null, "bob", null, null)))).containsExactly(2L, 1L, 1L, 0L);
        Counters aliceBefore = counters(null, null, "alice", null, "2026-01-04T23:59:59Z");
        assertThat(reached(stages(aliceBefore))).containsExactly(1L, 1L, 0L, 0L);
        assertThat(FunnelReport.overall(counters(null, null, "alice", null, "2026-01-05T00:00:00Z"))
                        .created())
                .isZero();
        assertThat(FunnelReport.overall(counters(null, null, "bob", null, "2026-01-04T00:00:00Z"))
                        .created())
                .isEqualTo(1);
        assertThat(FunnelReport.overall(counters(null, null, "bob", "fair", null))
                        .created())
                .isEqualTo(1);
        assertThat(FunnelReport.overall(counters(null, null, null, "web", null)).created())
                .isEqualTo(1);
    }

    @Test
    void asOfCountsExactlyWhatHadHappenedByThatInstant() {
        feed(
                anOpportunity(1)
                        .created(at("2026-01-10T08:00:00Z"))
                        .movedTo(2, at("2026-01-20T08:00:00Z"))
                        .movedTo(4, at("2026-02-03T15:30:00Z"))
                        .won(at("2026-03-01T00:00:00Z")),
                anOpportunity(2).created(at("2026-02-03T15:30:00Z")));

        assertThat(FunnelReport.overall(counters(null, null, null, null, "2026-01-10T07:59:59Z"))
                        .created())
                .isZero();
        assertThat(FunnelReport.overall(counters(null, null, null, null, "2026-01-10T08:00:00Z"))
                        .created())
                .isEqualTo(1);
        assertThat(reached(stages(counters(null, null, null, null, "2026-01-20T07:59:59Z"))))
                .containsExactly(1L, 0L, 0L, 0L);
        assertThat(reached(stages(counters(null, null, null, null, "2026-01-20T08:00:00Z"))))
                .containsExactly(1L, 1L, 0L, 0L);
        Counters justBefore = counters(null, null, null, null, "2026-02-03T15:29:59.999Z");
        assertThat(reached(stages(justBefore))).containsExactly(1L, 1L, 0L, 0L);
        assertThat(FunnelReport.overall(justBefore).created()).isEqualTo(1);
        Counters atInstant = counters(null, null, null, null, "2026-02-03T15:30:00Z");
        assertThat(reached(stages(atInstant))).containsExactly(2L, 1L, 1L, 1L);
        assertThat(current(stages(atInstant))).containsExactly(1L, 0L, 0L, 1L);
        Counters between = counters(null, null, null, null, "2026-02-20T00:00:00Z");
        assertThat(FunnelReport.overall(between).won()).isZero();
        assertThat(FunnelReport.overall(between).open()).isEqualTo(2);
        Counters after = counters(null, null, null, null, "2027-01-01T00:00:00Z");
        assertThat(FunnelReport.overall(after).won()).isEqualTo(1);
        assertThat(after).isEqualTo(counters(null, null, null, null, null));
        // a cohort filter with an asOf
        assertThat(FunnelReport.overall(counters("2026-02-01", null, null, null, "2026-02-03T15:29:59Z"))
                        .created())
                .isZero();
    }

    @Test
    void anEventDeliveredTwiceChangesNothing() {
        OpportunityHistory history = anOpportunity(1)
                .created(at("2026-01-01T00:00:00Z"))
                .movedTo(2, at("2026-01-02T00:00:00Z"))
                .lost(at("2026-01-03T00:00:00Z"));
        feed(history);
        Counters once = counters(null, null, null, null, null);
        Counters onceAsOf = counters(null, null, null, null, "2026-01-02T12:00:00Z");

        List<OpportunityEvent> events = history.events();
        projection.on(events.get(1), 1);
        projection.on(events.get(2), 2);
        projection.on(events.get(0), 0);

        assertThat(counters(null, null, null, null, null)).isEqualTo(once);
        assertThat(counters(null, null, null, null, "2026-01-02T12:00:00Z")).isEqualTo(onceAsOf);
        assertThat(FunnelReport.overall(once).lost()).isEqualTo(1);
    }

    @Test
    void closeDatePushesCountOnlyLaterDates() {
        feed(anOpportunity(1)
                .created(at("2026-01-01T00:00:00Z"))
                .closeDateMovedTo("2026-07-31", at("2026-01-02T00:00:00Z"))
                .closeDateMovedTo("2026-05-31", at("2026-01-03T00:00:00Z"))
                .closeDateMovedTo("2026-08-31", at("2026-01-04T00:00:00Z")));

        assertThat(overall().closeDatePushes()).isEqualTo(2);
    }
}
