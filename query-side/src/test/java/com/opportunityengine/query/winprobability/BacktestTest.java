package com.opportunityengine.query.winprobability;

import static com.opportunityengine.testing.OpportunityHistory.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.SyntheticHistories;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BacktestTest {

    private static final Function<PipelineId, Optional<Pipeline>> PIPELINES =
            id -> id.equals(PipelineId.DEFAULT) ? Optional.of(Pipeline.DEFAULT) : Optional.empty();
    private static final WinProbabilitySettings SETTINGS = WinProbabilitySettings.DEFAULTS;

    @Test
    void anAsOfAnswerIgnoresEverythingAfterItsInstant() {
        List<OpportunityEvent> log = SyntheticHistories.generate(11, 1_500, day(0), day(400));
        Instant cutoff = day(250);
        List<OpportunityEvent> known =
                log.stream().filter(e -> !e.occurredAt().isAfter(cutoff)).toList();
        WinProbabilityLearner before = WinProbabilityLearner.trainedAsOf(known, cutoff, PIPELINES, SETTINGS);
        WinProbabilityLearner withFuture = WinProbabilityLearner.trainedAsOf(log, cutoff, PIPELINES, SETTINGS);

        List<WinProbabilityScore> a = before.scoreOpen(PipelineId.DEFAULT, cutoff);
        Map<Object, WinProbabilityScore> b = new HashMap<>();
        withFuture.scoreOpen(PipelineId.DEFAULT, cutoff).forEach(s -> b.put(s.opportunityId(), s));
        assertThat(a).hasSizeGreaterThan(100);
        for (WinProbabilityScore s : a) {
            assertThat(b.get(s.opportunityId()).probability()).isEqualTo(s.probability());
            // the explanation carries the recalibration's fit and rows: the same without the future
            assertThat(b.get(s.opportunityId()).explanation()).isEqualTo(s.explanation());
        }
        // the recalibration had rows to learn from by the cutoff, so the comparison covers it
        assertThat(a.get(0).explanation()).containsPattern("(Recalibrated|Not recalibrated).* [1-9][0-9]* ");
        assertThat(withFuture.model(PipelineId.DEFAULT)).isEqualTo(before.model(PipelineId.DEFAULT));
    }

    @Test
    void theOnePassBacktestScoresExactlyWhatAFreshAsOfTrainingWouldHave() {
        List<OpportunityEvent> log = SyntheticHistories.generate(5, 1_200, day(0), day(365));
        Instant cutoff = day(200);
        BacktestReport report =
                Backtest.run(log, PipelineId.DEFAULT, List.of(day(120), cutoff), true, PIPELINES, SETTINGS);
        WinProbabilityLearner asOf = WinProbabilityLearner.trainedAsOf(log, cutoff, PIPELINES, SETTINGS);

        List<ScoredRow> atCutoff =
                report.details().stream().filter(r -> r.cutoff().equals(cutoff)).toList();
        assertThat(atCutoff).isNotEmpty();
        for (ScoredRow row : atCutoff) {
            assertThat(row.probability())
                    .isEqualTo(asOf.score(row.opportunityId(), cutoff)
                            .orElseThrow()
                            .probability());
        }
    }

    @Test
    void onlyOpportunitiesOpenAtTheCutoffThatClosedLaterAreScored() {
        OpportunityHistory closedBefore = Leads.createdAt(1, 0).lost(day(5));
        OpportunityHistory wonAfter = Leads.createdAt(2, 1).won(day(20));
        OpportunityHistory stillOpen = Leads.createdAt(3, 2);
        OpportunityHistory createdAfter = Leads.createdAt(1, 12).lost(day(15));
        List<OpportunityEvent> log =
                OpportunityHistory.inBusinessOrder(List.of(closedBefore, wonAfter, stillOpen, createdAfter));

        BacktestReport report = Backtest.run(log, PipelineId.DEFAULT, List.of(day(10)), true, PIPELINES, SETTINGS);

        assertThat(report.details()).singleElement().satisfies(row -> {
            assertThat(row.opportunityId()).isEqualTo(wonAfter.id());
            assertThat(row.outcome()).isEqualTo("WON");
            assertThat(row.stage().value()).isEqualTo("needs-confirmed");
            assertThat(row.baselineProbability()).isEqualTo(0.25);
        });
        assertThat(report.model().n()).isEqualTo(1);
        assertThat(report.perCutoff()).hasSize(1);
    }

    @Test
    void onGeneratedHistoriesTheLearnedModelBeatsTheStageDefaults() {
        List<OpportunityEvent> log = SyntheticHistories.generate(42, 4_000, day(0), day(730));
        List<Instant> cutoffs = Backtest.cutoffs(day(365), day(640), Period.ofDays(7));

        BacktestReport report = Backtest.run(log, PipelineId.DEFAULT, cutoffs, false, PIPELINES, SETTINGS);
        WinProbabilityModel model = WinProbabilityLearner.trainedAsOf(log, day(730), PIPELINES, SETTINGS)
                .model(PipelineId.DEFAULT)
                .orElseThrow();

        print("generator 4k/2y weekly", report);
        System.out.println("  basis " + model.basis() + " " + model.features() + " from " + model.trainingExamples()
                + " snapshots; " + model.recalibration());
        assertThat(report.perCutoff()).hasSize(cutoffs.size());
        assertThat(report.model().n()).isGreaterThan(1_000);
        assertThat(report.model().brier()).isLessThan(report.baseline().brier());
        assertThat(report.model().logLoss()).isLessThan(report.baseline().logLoss());
        assertThat(report.model().auc()).isGreaterThan(report.baseline().auc());
        assertThat(model.basis()).isEqualTo(Basis.FEATURES);
        // the stage default is a prior whose weight the feature model learned: it says what it added
        WinProbabilityLearner last = WinProbabilityLearner.trainedAsOf(log, day(730), PIPELINES, SETTINGS);
        String explanation = last.scoreOpen(PipelineId.DEFAULT, day(730)).get(0).explanation();
        assertThat(explanation).containsPattern("stage default [+-]\\d\\.\\d\\d");
        assertThat(explanation).doesNotContain("stage default +0.00").doesNotContain("stage default -0.00");
        // the model says whether its answers are recalibrated, and on how many snapshot-weeks
        assertThat(model.recalibration().rows())
                .isGreaterThan(model.recalibration().minRows());
        assertThat(model.recalibration().reason()).isNotBlank();
        assertBeatsTheStageBaselinesAndIsCalibrated(report);
        Metrics m = report.model();
        assertThat(m.reliability() - m.resolution() + m.uncertainty()).isCloseTo(m.brier(), within(0.01));
        long binned = report.model().calibration().stream()
                .mapToLong(CalibrationBin::count)
                .sum();
        assertThat(binned).isEqualTo(report.model().n());
    }

    @Test
    void aRollingWeeklyBacktestOverAYearOfTenThousandOpportunitiesIsOnePass() {
        List<OpportunityEvent> log = SyntheticHistories.generate(2026, 10_000, day(0), day(365));
        long created = log.stream().filter(e -> e instanceof OpportunityCreated).count();
        List<Instant> cutoffs = Backtest.cutoffs(day(7), day(364), Period.ofDays(7));

        long started = System.nanoTime();
        BacktestReport report = Backtest.run(log, PipelineId.DEFAULT, cutoffs, false, PIPELINES, SETTINGS);
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf(
                Locale.ROOT,
                "rolling weekly backtest: %d opportunities, %d events, %d cutoffs, %d rows in %d ms%n",
                created,
                log.size(),
                cutoffs.size(),
                report.model().n(),
                millis);
        print("generator 10k/1y weekly", report);
        assertThat(created).isEqualTo(10_000);
        assertThat(report.perCutoff()).hasSize(52);
        assertThat(report.model().n()).isGreaterThan(10_000);
    }

    @Test
    void cutoffsStepFromFromToToInclusive() {
        assertThat(Backtest.cutoffs(day(0), day(14), Period.ofDays(7))).containsExactly(day(0), day(7), day(14));
        assertThat(Backtest.cutoffs(day(0), day(13), java.time.Duration.ofDays(7)))
                .containsExactly(day(0), day(7));
    }

    /**
     * The targets of issue 15: on the same rows the model beats the stage defaults, the stage order alone and the
     * visited-stage rate on Brier score and AUC, and no calibration bin of at least 20 rows is more than 0.1 off.
     */
    static void assertBeatsTheStageBaselinesAndIsCalibrated(BacktestReport report) {
        for (Metrics simpler : List.of(report.baseline(), report.stageOrder(), report.visitedStageRate())) {
            assertThat(report.model().n()).isEqualTo(simpler.n());
            assertThat(report.model().brier()).isLessThan(simpler.brier());
            assertThat(report.model().auc()).isGreaterThan(simpler.auc());
        }
        for (CalibrationBin bin : report.model().calibration()) {
            if (bin.count() >= 20) {
                assertThat(Math.abs(bin.observedRate() - bin.meanPredicted()))
                        .as("calibration bin [%.1f, %.1f) of %d rows", bin.from(), bin.to(), bin.count())
                        .isLessThanOrEqualTo(0.1);
            }
        }
    }

    static void print(String name, BacktestReport report) {
        Metrics m = report.model();
        System.out.printf(
                Locale.ROOT,
                "%s: n=%d%n  %s%n  %s%n  %s%n  %s%n",
                name,
                m.n(),
                line("model", m),
                line("stage defaults", report.baseline()),
                line("stage order", report.stageOrder()),
                line("visited-stage rate", report.visitedStageRate()));
        List<String> bins = new ArrayList<>();
        for (CalibrationBin bin : m.calibration()) {
            if (bin.count() > 0) {
                bins.add(String.format(
                        Locale.ROOT,
                        "[%.1f,%.1f) n=%d pred=%.3f obs=%.3f",
                        bin.from(),
                        bin.to(),
                        bin.count(),
                        bin.meanPredicted(),
                        bin.observedRate()));
            }
        }
        System.out.println("  calibration " + String.join("; ", bins));
        if (!report.details().isEmpty()) {
            Map<Basis, Long> bases = new java.util.TreeMap<>();
            report.details().forEach(r -> bases.merge(r.basis(), 1L, Long::sum));
            System.out.println("  rows by basis " + bases);
        }
    }

    private static String line(String name, Metrics m) {
        return String.format(
                Locale.ROOT,
                "%-18s brier=%.4f logLoss=%.4f auc=%.4f reliability=%.4f resolution=%.4f uncertainty=%.4f",
                name,
                m.brier(),
                m.logLoss(),
                m.auc() == null ? Double.NaN : m.auc(),
                m.reliability(),
                m.resolution(),
                m.uncertainty());
    }
}
