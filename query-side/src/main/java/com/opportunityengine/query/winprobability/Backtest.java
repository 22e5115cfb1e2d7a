package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Point-in-time backtests in one pass: the events (business-time order) train a single learner incrementally; when
 * the stream passes a cutoff, every open opportunity of the pipeline is scored with what the learner knew at the
 * cutoff (events with occurredAt ≤ cutoff), and the row waits for the outcome the rest of the stream brings. Rows of
 * opportunities still open at the end (or reopened and not closed again) are not scored. The probability at a cutoff
 * equals {@link WinProbabilityLearner#trainedAsOf} at that cutoff: nothing after it is used.
 */
public final class Backtest {

    private Backtest() {}

    /** Cutoffs from {@code from} to {@code to} (both inclusive when they fall on a step), every {@code every}. */
    public static List<Instant> cutoffs(Instant from, Instant to, TemporalAmount every) {
        List<Instant> out = new ArrayList<>();
        if (every instanceof Duration d && (d.isZero() || d.isNegative())
                || every instanceof Period p && (p.isZero() || p.isNegative())) {
            throw new IllegalArgumentException("every must be positive");
        }
        for (Instant t = from;
                !t.isAfter(to);
                t = t.atZone(ZoneOffset.UTC).plus(every).toInstant()) {
            out.add(t);
        }
        return out;
    }

    public static BacktestReport run(
            Iterable<? extends OpportunityEvent> eventsInBusinessTimeOrder,
            PipelineId pipeline,
            List<Instant> cutoffs,
            boolean details,
            Function<PipelineId, Optional<Pipeline>> pipelines,
            WinProbabilitySettings settings) {
        WinProbabilityLearner learner = new WinProbabilityLearner(pipelines, settings);
        TreeSet<Instant> pendingCutoffs = new TreeSet<>(cutoffs);
        Map<OpportunityId, List<MutableRow>> waiting = new HashMap<>();
        List<MutableRow> all = new ArrayList<>();
        for (OpportunityEvent event : eventsInBusinessTimeOrder) {
            while (!pendingCutoffs.isEmpty() && event.occurredAt().isAfter(pendingCutoffs.first())) {
                scoreAt(learner, pipeline, pendingCutoffs.pollFirst(), waiting, all);
            }
            learner.apply(event);
            List<MutableRow> rows = waiting.get(event.opportunityId());
            if (rows != null) {
                String outcome = event instanceof OpportunityConverted
                        ? "WON"
                        : event instanceof OpportunityLost
                                ? "LOST"
                                : event instanceof OpportunityReopened ? null : "keep";
                if (!"keep".equals(outcome)) {
                    rows.forEach(r -> r.outcome = outcome);
                }
                if ("WON".equals(outcome)) {
                    waiting.remove(event.opportunityId());
                }
            }
        }
        while (!pendingCutoffs.isEmpty()) {
            scoreAt(learner, pipeline, pendingCutoffs.pollFirst(), waiting, all);
        }
        return report(pipeline, cutoffs, all, details);
    }

    private static void scoreAt(
            WinProbabilityLearner learner,
            PipelineId pipeline,
            Instant cutoff,
            Map<OpportunityId, List<MutableRow>> waiting,
            List<MutableRow> all) {
        for (WinProbabilityScore s : learner.scoreOpen(pipeline, cutoff, false)) {
            MutableRow row = new MutableRow(s, cutoff);
            waiting.computeIfAbsent(s.opportunityId(), k -> new ArrayList<>(4)).add(row);
            all.add(row);
        }
    }

    private static BacktestReport report(
            PipelineId pipeline, List<Instant> cutoffs, List<MutableRow> all, boolean details) {
        List<ScoredRow> rows = new ArrayList<>();
        for (MutableRow r : all) {
            if (r.outcome != null) {
                rows.add(new ScoredRow(
                        r.score.opportunityId(),
                        r.cutoff,
                        r.score.stage(),
                        r.score.probability(),
                        r.score.defaultProbability(),
                        r.score.stageOrderProbability(),
                        r.score.stageProbability(),
                        r.score.basis(),
                        r.outcome));
            }
        }
        Map<Instant, List<ScoredRow>> byCutoff = new HashMap<>();
        rows.forEach(r ->
                byCutoff.computeIfAbsent(r.cutoff(), k -> new ArrayList<>()).add(r));
        List<CutoffResult> perCutoff = new ArrayList<>();
        for (Instant cutoff : new TreeSet<>(cutoffs)) {
            List<ScoredRow> at = byCutoff.getOrDefault(cutoff, List.of());
            perCutoff.add(new CutoffResult(
                    cutoff, metrics(at, ScoredRow::probability), metrics(at, ScoredRow::baselineProbability)));
        }
        return new BacktestReport(
                pipeline,
                metrics(rows, ScoredRow::probability),
                metrics(rows, ScoredRow::baselineProbability),
                metrics(rows, ScoredRow::stageOrderProbability),
                metrics(rows, ScoredRow::visitedStageRate),
                perCutoff,
                details ? rows : List.of());
    }

    static Metrics metrics(List<ScoredRow> rows, java.util.function.ToDoubleFunction<ScoredRow> probability) {
        double[] p = new double[rows.size()];
        int[] y = new int[rows.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = probability.applyAsDouble(rows.get(i));
            y[i] = rows.get(i).label();
        }
        return Metrics.of(p, y);
    }

    private static final class MutableRow {
        final WinProbabilityScore score;
        final Instant cutoff;
        String outcome;

        MutableRow(WinProbabilityScore score, Instant cutoff) {
            this.score = score;
            this.cutoff = cutoff;
        }
    }
}
