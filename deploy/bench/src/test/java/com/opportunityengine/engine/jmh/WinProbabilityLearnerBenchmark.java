package com.opportunityengine.engine.jmh;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.winprobability.WinProbabilityLearner;
import com.opportunityengine.testing.SyntheticHistories;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The learner folding a year of history of 1,000 opportunities: time per pass (divide by the event count). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WinProbabilityLearnerBenchmark {

    private List<OpportunityEvent> history;

    @Setup
    public void generate() {
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        history = SyntheticHistories.generate(3, 1_000, to.minus(Duration.ofDays(365)), to);
        System.out.println("events per pass: " + history.size());
    }

    @Benchmark
    public long learnFromAYear() {
        WinProbabilityLearner learner = WinProbabilityLearner.forDefaultPipeline();
        history.forEach(learner::apply);
        return learner.eventsReplayed();
    }
}
