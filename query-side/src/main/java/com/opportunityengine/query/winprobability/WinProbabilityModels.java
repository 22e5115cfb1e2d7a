package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.query.opportunity.WinProbabilities;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The live win-probability model and the point-in-time ones, over the compact {@link BusinessTimeLogStore}.
 *
 * <p>The live learner lives in memory only (one entry per open opportunity). It is fed directly while events arrive
 * in business-time order; an event older than what it has already learned (an import of old history, a slow
 * command) marks it stale, and the next read rebuilds it with one pass over the business-time log in order. It also
 * starts stale: after a restart the first read rebuilds it from the durable compact log, so the processing group's
 * token may be persisted like every other's. Reads and the projection's writes share one lock, so a rebuild sees a
 * consistent log. Point-in-time answers ({@link #asOf}, {@link #backtest}) train fresh learners from the log and
 * take no lock.
 */
@Component
public class WinProbabilityModels implements WinProbabilities {

    private final BusinessTimeLogStore log;
    private final OpportunityOutcomeStore outcomes;
    private final PipelineCatalog pipelines;
    private final WinProbabilitySettings settings;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private WinProbabilityLearner learner;
    private Instant watermark;
    private boolean stale = true;
    /** The log revision the live learner has learned everything of (-1: none yet). */
    private long learnedRevision = -1;
    /** Something new was filed since the last {@link #publish()}. */
    private boolean filed;

    private long rebuilds;

    @Autowired
    WinProbabilityModels(
            BusinessTimeLogStore log, OpportunityOutcomeStore outcomes, PipelineCatalog pipelines, Clock clock) {
        this(log, outcomes, pipelines, WinProbabilitySettings.DEFAULTS, clock);
    }

    WinProbabilityModels(
            BusinessTimeLogStore log,
            OpportunityOutcomeStore outcomes,
            PipelineCatalog pipelines,
            WinProbabilitySettings settings,
            Clock clock) {
        this.log = log;
        this.outcomes = outcomes;
        this.pipelines = pipelines;
        this.settings = settings;
        this.clock = clock;
    }

    /** Called by the projection for each event of the log (any order, possibly twice). */
    void record(OpportunityEvent event, long sequence) {
        if (!BusinessTimeLogStore.relevant(event)) {
            return;
        }
        lock.lock();
        try {
            outcomes.apply(event, sequence);
            if (!log.append(event, sequence)) {
                return;
            }
            filed = true;
            if (!stale && (watermark == null || !event.occurredAt().isBefore(watermark))) {
                learner.apply(event);
                watermark = event.occurredAt();
            } else {
                stale = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by the projection after the last event of a batch: raises the log's revision when the batch filed
     * something, so that query nodes not holding the processor's segment read the log again on their next read.
     */
    void publish() {
        lock.lock();
        try {
            if (!filed) {
                return;
            }
            filed = false;
            long before = learnedRevision;
            long revision = log.raiseRevision();
            // fed directly up to here: still current, unless another node filed meanwhile
            if (!stale && before == revision - 1) {
                learnedRevision = revision;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything before a replay. */
    void reset() {
        lock.lock();
        try {
            learnedRevision = -1;
            filed = false;
            log.clear();
            outcomes.clear();
            learner = null;
            watermark = null;
            stale = true;
        } finally {
            lock.unlock();
        }
    }

    /** Asks the live learner, rebuilding it first when it is stale. */
    <T> T read(Function<WinProbabilityLearner, T> question) {
        lock.lock();
        try {
            long revision = log.revision();
            if (revision != learnedRevision) {
                // another node filed events (or this node has not read the log yet): list the seconds again
                log.forgetKnownSeconds();
                stale = true;
            }
            if (stale) {
                WinProbabilityLearner rebuilt = learner();
                for (OpportunityEvent event : log.inBusinessOrder(null)) {
                    rebuilt.apply(event);
                }
                learner = rebuilt;
                watermark = rebuilt.trainedAt();
                learnedRevision = revision;
                stale = false;
                rebuilds++;
            }
            return question.apply(learner);
        } finally {
            lock.unlock();
        }
    }

    /** A learner trained only on what had happened by {@code asOf} (business time). */
    WinProbabilityLearner asOf(Instant asOf) {
        return WinProbabilityLearner.trainedAsOf(log.inBusinessOrder(asOf), asOf, pipelines::find, settings);
    }

    /** The business-time log up to {@code asOf}, for point-in-time answers that watch it go by. */
    Iterable<OpportunityEvent> eventsUpTo(Instant asOf) {
        return log.inBusinessOrder(asOf);
    }

    WinProbabilitySettings settings() {
        return settings;
    }

    BacktestReport backtest(PipelineId pipeline, List<Instant> cutoffs, boolean details) {
        return Backtest.run(log.inBusinessOrder(null), pipeline, cutoffs, details, pipelines::find, settings);
    }

    Optional<OpportunityOutcomeStore.Outcome> outcome(OpportunityId id) {
        return outcomes.find(id);
    }

    Optional<Pipeline> pipeline(PipelineId id) {
        return pipelines.find(id);
    }

    Instant now() {
        return clock.instant();
    }

    /** How many times the live learner was rebuilt from the log (for tests and the docs' cost claims). */
    long rebuilds() {
        lock.lock();
        try {
            return rebuilds;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Double> current(String opportunityId) {
        OpportunityId id;
        try {
            id = OpportunityId.of(opportunityId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return read(l -> l.score(id, now).map(WinProbabilityScore::probability));
    }

    /** The learned P(won | at stage) of a pipeline's stage now (the stage default until something closed there). */
    public double stageProbability(Pipeline pipeline, int order) {
        return read(l -> l.model(pipeline.id())
                .flatMap(
                        m -> m.stages().stream().filter(s -> s.order() == order).findFirst())
                .map(StageEstimate::probability)
                .orElse(pipeline.stageAt(order).defaultProbability()));
    }

    private WinProbabilityLearner learner() {
        return new WinProbabilityLearner(pipelines::find, settings);
    }
}
