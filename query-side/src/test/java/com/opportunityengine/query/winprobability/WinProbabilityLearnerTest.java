package com.opportunityengine.query.winprobability;

import static com.opportunityengine.query.winprobability.Leads.createdAt;
import static com.opportunityengine.testing.OpportunityHistory.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.SyntheticHistories;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WinProbabilityLearnerTest {

    private final WinProbabilityLearner learner = WinProbabilityLearner.forDefaultPipeline();

    private void feed(List<OpportunityEvent> log) {
        log.forEach(learner::apply);
    }

    private StageEstimate stage(int order) {
        return learner.model(PipelineId.DEFAULT).orElseThrow().stages().get(order - 1);
    }

    @Test
    void aWonDealCreatedAtALateStageCountsOnlyForTheStagesItWasAt() {
        feed(OpportunityHistory.inBusinessOrder(
                List.of(createdAt(3, 0).movedTo(4, day(5)).won(day(9)))));

        assertThat(stage(1).reached()).isZero();
        assertThat(stage(2).reached()).isZero();
        assertThat(stage(3).won()).isEqualTo(1);
        assertThat(stage(4).won()).isEqualTo(1);
    }

    @Test
    void skippedStagesAreNotVisits() {
        feed(OpportunityHistory.inBusinessOrder(
                List.of(createdAt(1, 0).movedTo(3, day(4)).lost(day(8)))));

        assertThat(stage(1).lost()).isEqualTo(1);
        assertThat(stage(2).reached()).isZero();
        assertThat(stage(3).lost()).isEqualTo(1);
    }

    @Test
    void aStageRevisitedAfterABackwardMoveIsCountedOnce() {
        feed(OpportunityHistory.inBusinessOrder(List.of(createdAt(1, 0)
                .movedTo(2, day(3))
                .movedTo(1, day(6))
                .movedTo(2, day(9))
                .won(day(12)))));

        assertThat(stage(1).won()).isEqualTo(1);
        assertThat(stage(2).won()).isEqualTo(1);
        assertThat(stage(2).reached()).isEqualTo(1);
    }

    @Test
    void withoutClosedVisitsAStageKeepsItsDefaultProbability() {
        feed(OpportunityHistory.inBusinessOrder(List.of(createdAt(2, 0))));

        StageEstimate needs = stage(2);
        assertThat(needs.open()).isEqualTo(1);
        assertThat(needs.probability()).isEqualTo(0.25);
        assertThat(needs.low()).isLessThan(0.25);
        assertThat(needs.high()).isGreaterThan(0.25);
        assertThat(learner.score(Leads.createdAt(1, 0).id(), day(1))).isEmpty();
    }

    @Test
    void theRateMovesFromTheDefaultTowardTheDataAndItsIntervalNarrows() {
        for (int i = 0; i < 40; i++) {
            OpportunityHistory h = createdAt(4, i);
            feed(i % 4 == 0 ? h.lost(day(i + 1)).events() : h.won(day(i + 1)).events());
        }
        // 30 won, 10 lost at negotiation (default 0.75), prior strength 10: (30 + 7.5) / 50
        StageEstimate negotiation = stage(4);
        assertThat(negotiation.probability()).isCloseTo(0.75, within(1e-9));
        for (int i = 40; i < 80; i++) {
            feed(createdAt(4, i).lost(day(i + 1)).events());
        }
        StageEstimate after = stage(4);
        assertThat(after.probability()).isCloseTo((30 + 7.5) / 90.0, within(1e-9));
        assertThat(after.high() - after.low()).isLessThan(negotiation.high() - negotiation.low());
        assertThat(after.low()).isLessThan(after.probability());
        assertThat(after.high()).isGreaterThan(after.probability());
    }

    @Test
    void openVisitsAreCountedAsOpenAndStayOutOfTheRate() {
        feed(OpportunityHistory.inBusinessOrder(List.of(createdAt(1, 0).lost(day(2)), createdAt(1, 1))));

        assertThat(stage(1).open()).isEqualTo(1);
        assertThat(stage(1).lost()).isEqualTo(1);
        assertThat(stage(1).probability()).isCloseTo(1.0 / 11, within(1e-9));
    }

    @Test
    void aReopenedLossIsOpenAgainAndCountsItsNewOutcome() {
        OpportunityHistory h = createdAt(2, 0).lost(day(3)).reopened(day(5)).movedTo(3, day(7));
        feed(h.events());
        assertThat(stage(2).lost()).isZero();
        assertThat(stage(2).open()).isEqualTo(1);
        assertThat(stage(3).open()).isEqualTo(1);
        assertThat(learner.score(h.id(), day(8))).isPresent();

        learner.apply(h.won(day(9)).events().get(h.events().size() - 1));
        assertThat(stage(2).won()).isEqualTo(1);
        assertThat(stage(3).won()).isEqualTo(1);
        assertThat(learner.trackedOpportunities()).isZero();
    }

    @Test
    void aScoreSaysWhereItCameFrom() {
        for (int i = 0; i < 10; i++) {
            feed(createdAt(3, i).won(day(i + 2)).events());
        }
        OpportunityHistory open = createdAt(3, 20);
        feed(open.events());

        WinProbabilityScore score = learner.score(open.id(), day(30)).orElseThrow();
        // something has closed: the censoring-aware hazard answers (the rate has not beaten it out of sample)
        assertThat(score.basis()).isEqualTo(Basis.HAZARD);
        assertThat(score.stageProbability()).isCloseTo((10 + 5.0) / 20, within(1e-9));
        assertThat(score.explanation())
                .contains("10 of 10")
                .contains("week by week")
                .contains("Not recalibrated: 2 snapshot-weeks with a known outcome, 300 needed.")
                .contains("solution-discussion")
                .contains("10 days");
        assertThat(learner.eventsReplayed()).isEqualTo(21);
        assertThat(learner.trainedAt()).isEqualTo(day(20));
    }

    @Test
    void thePersonsProbabilityIsAFeatureOnlyFromTheInstantItWasSet() {
        OpportunityHistory h = createdAt(2, 0);
        feed(h.events());
        TrackedOpportunity o = learner.tracked(h.id());
        PipelineStatistics stats = o.pipeline;
        assertThat(stats.features(o, day(3))[10]).isZero();
        assertThat(stats.features(o, day(3))[11]).isZero();

        feed(List.of(h.forecast(60, ForecastCategory.BEST_CASE, day(2)).last()));
        feed(List.of(h.forecast(100, null, day(5)).last()));
        feed(List.of(h.forecast(null, ForecastCategory.COMMIT, day(6)).last()));

        double[] before = stats.features(o, day(1));
        double[] between = stats.features(o, day(3));
        double[] after = stats.features(o, day(7));
        assertThat(before[10]).isZero();
        assertThat(before[11]).isZero();
        assertThat(between[10]).isCloseTo(Math.log(0.6 / 0.4), within(1e-12));
        assertThat(between[11]).isEqualTo(1.0);
        // 100% is clamped to 98%; a forecast with a category only leaves the probability as it was
        assertThat(after[10]).isCloseTo(Math.log(0.98 / 0.02), within(1e-12));
        assertThat(after[11]).isEqualTo(1.0);
    }

    @Test
    void aForecastAfterACutoffChangesNothingAtThatCutoff() {
        List<OpportunityEvent> log = SyntheticHistories.generate(11, 1_500, day(0), day(400));
        Instant cutoff = day(250);
        List<OpportunityEvent> withForecasts = new ArrayList<>(log);
        Random random = new Random(3);
        for (OpportunityEvent e : log) {
            if (e instanceof OpportunityCreated created) {
                withForecasts.add(
                        new ForecastUpdated(created.opportunityId(), random.nextInt(101), null, cutoff.plusSeconds(1)));
            }
        }
        // stable: each opportunity's own events keep their order
        withForecasts.sort(Comparator.comparing(OpportunityEvent::occurredAt));

        BacktestReport without = Backtest.run(
                log, PipelineId.DEFAULT, List.of(cutoff), true, Leads.PIPELINES, WinProbabilitySettings.DEFAULTS);
        BacktestReport with = Backtest.run(
                withForecasts,
                PipelineId.DEFAULT,
                List.of(cutoff),
                true,
                Leads.PIPELINES,
                WinProbabilitySettings.DEFAULTS);

        assertThat(with.details()).hasSizeGreaterThan(100).isEqualTo(without.details());
        // a learner that has already seen the forecasts (a second after the cutoff) still scores the cutoff without
        WinProbabilityLearner fed = new WinProbabilityLearner(Leads.PIPELINES);
        log.stream().filter(e -> !e.occurredAt().isAfter(cutoff)).forEach(fed::apply);
        withForecasts.stream().filter(ForecastUpdated.class::isInstance).forEach(fed::apply);
        WinProbabilityLearner unaware =
                WinProbabilityLearner.trainedAsOf(log, cutoff, Leads.PIPELINES, WinProbabilitySettings.DEFAULTS);
        assertThat(fed.scoreOpen(PipelineId.DEFAULT, cutoff)).isEqualTo(unaware.scoreOpen(PipelineId.DEFAULT, cutoff));
    }

    @Test
    void anInformativePersonsProbabilityEarnsItsGroupAndMovesTheScore() {
        Random random = new Random(15);
        int[] percents = {10, 30, 50, 70, 90};
        List<OpportunityHistory> histories = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            int created = i / 3;
            int percent = percents[random.nextInt(percents.length)];
            OpportunityHistory h = createdAt(2, created).forecast(percent, ForecastCategory.PIPELINE, day(created + 1));
            int closes = created + 15 + random.nextInt(30);
            histories.add(random.nextInt(100) < percent ? h.won(day(closes)) : h.lost(day(closes)));
        }
        OpportunityHistory confident = createdAt(2, 540).forecast(90, null, day(541));
        OpportunityHistory doubtful = createdAt(2, 540).forecast(10, null, day(541));
        histories.add(confident);
        histories.add(doubtful);
        feed(OpportunityHistory.inBusinessOrder(histories));

        WinProbabilityModel model = learner.model(PipelineId.DEFAULT).orElseThrow();
        assertThat(model.basis()).isEqualTo(Basis.FEATURES);
        assertThat(model.features()).contains("person-probability");
        double high = learner.score(confident.id(), day(545)).orElseThrow().probability();
        double low = learner.score(doubtful.id(), day(545)).orElseThrow().probability();
        assertThat(high - low).isGreaterThan(0.4);
    }

    @Test
    void withoutAnyPersonsProbabilityTheGroupIsNotPartOfTheBasis() {
        feed(SyntheticHistories.generate(42, 4_000, day(0), day(730)));

        WinProbabilityModel model = learner.model(PipelineId.DEFAULT).orElseThrow();

        assertThat(model.basis()).isEqualTo(Basis.FEATURES);
        assertThat(model.features()).isNotEmpty().doesNotContain("person-probability");
    }

    @Test
    void beforeAnythingClosedTheStageDefaultAnswers() {
        OpportunityHistory open = createdAt(3, 0);
        feed(open.events());

        WinProbabilityScore score = learner.score(open.id(), day(5)).orElseThrow();
        assertThat(score.basis()).isEqualTo(Basis.STAGE_DEFAULT);
        assertThat(score.probability()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aLongOpenOpportunitysEarlyWeeksAreMergedNotDropped() {
        java.util.ArrayDeque<double[]> pending = new java.util.ArrayDeque<>();
        for (int week = 1; week <= 40; week++) {
            WinProbabilityLearner.thin(pending);
            double[] x = new double[PipelineStatistics.VECTOR];
            x[PipelineStatistics.TICK] = week;
            x[PipelineStatistics.WEIGHT] = 1;
            pending.addLast(x);
        }

        assertThat(pending.size()).isLessThanOrEqualTo(TrackedOpportunity.MAX_PENDING_SNAPSHOTS);
        // every week is still represented once: the weights add up to the 40 weeks, from the first one on
        assertThat(pending.stream()
                        .mapToDouble(x -> x[PipelineStatistics.WEIGHT])
                        .sum())
                .isEqualTo(40);
        double[] first = pending.getFirst();
        assertThat(first[PipelineStatistics.TICK] - first[PipelineStatistics.WEIGHT] + 1)
                .isEqualTo(1);
        assertThat(pending.getLast()[PipelineStatistics.TICK]).isEqualTo(40);
    }

    @Test
    void memoryHoldsOpenAndLostOpportunitiesOnly() {
        List<OpportunityEvent> log = SyntheticHistories.generate(7, 2_000, day(0), day(365));
        feed(log);
        long open = learner.scoreOpen(PipelineId.DEFAULT, day(365)).size();
        long created = log.stream()
                .filter(e -> e instanceof com.opportunityengine.events.opportunity.OpportunityCreated)
                .count();
        long won = log.stream()
                .filter(e -> e instanceof com.opportunityengine.events.opportunity.OpportunityConverted)
                .count();
        assertThat(learner.trackedOpportunities()).isEqualTo(created - won);
        assertThat(open).isLessThan(learner.trackedOpportunities());
    }
}
