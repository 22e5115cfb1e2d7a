package com.opportunityengine.engine.bench;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.query.winprobability.Backtest;
import com.opportunityengine.query.winprobability.BacktestReport;
import com.opportunityengine.query.winprobability.WinProbabilityLearner;
import com.opportunityengine.query.winprobability.WinProbabilitySettings;
import com.opportunityengine.testing.SyntheticHistories;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** Win probability: retraining by one streaming pass over the log, and a weekly backtest over a year. */
final class WinProbabilityRun {

    /** events/s of the pass, peak heap MB during it, opportunities the learner tracks at the end. */
    record Retrain(double eventsPerSecond, double peakHeapMb, double heapWithGarbageMb, int tracked, long replayed) {}

    /** seconds for the whole backtest, scored rows. */
    record BacktestRun(double seconds, long rows, int cutoffs) {}

    private WinProbabilityRun() {}

    static Retrain retrain(EventStorageEngine store, long events) {
        WinProbabilityLearner learner = WinProbabilityLearner.forDefaultPipeline();
        System.gc();
        HeapWatch.reset();
        double rate = LogReader.read(store, 0, events, payload -> LogReader.feed(payload, learner::apply));
        // the learner is still reachable (used below): a pass shorter than any collection is measured too
        HeapWatch.collectNowMb();
        return new Retrain(
                rate,
                HeapWatch.liveAfterGcMb(),
                HeapWatch.peakMb(),
                learner.trackedOpportunities(),
                learner.eventsReplayed());
    }

    static BacktestRun backtest(int opportunities) {
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        Instant from = to.minus(Duration.ofDays(365));
        List<OpportunityEvent> history =
                SyntheticHistories.generate(7, opportunities, from.minus(Duration.ofDays(180)), to);
        List<Instant> cutoffs = Backtest.cutoffs(from, to.truncatedTo(ChronoUnit.DAYS), Period.ofWeeks(1));
        long started = System.nanoTime();
        BacktestReport report = Backtest.run(
                history,
                Pipeline.DEFAULT.id(),
                cutoffs,
                false,
                id -> id.equals(Pipeline.DEFAULT.id()) ? Optional.of(Pipeline.DEFAULT) : Optional.empty(),
                WinProbabilitySettings.DEFAULTS);
        double seconds = RawStore.seconds(started);
        return new BacktestRun(seconds, report.model().n(), cutoffs.size());
    }
}
