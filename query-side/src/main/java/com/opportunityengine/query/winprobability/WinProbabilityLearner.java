package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Learns win probabilities in one streaming pass over the opportunity events, fed in business-time order.
 *
 * <p>Stage model: for each stage s of a pipeline it counts the opportunities that were actually at s (created there,
 * moved there, reopened there; skipped stages are not visits) and how they ended. P(won | at s) is the posterior mean
 * under a Beta prior of strength k centred on the stage's default probability, with a 95% Wilson interval. Still-open
 * visits are counted as open, not in the rate; a reopened loss is open again.
 *
 * <p>Adjustment: every {@code snapshotEvery} of business time each open opportunity's features (as of that instant)
 * are snapshotted; when it closes, its snapshots become labelled examples for small logistic models over the stage
 * log-odds, the stage default's log-odds and feature groups (all groups, each group left out, none). Labelled
 * snapshots are held back until their cohort has resolved ({@link SnapshotCohorts}), then each basis is judged on
 * what it answered at the snapshot (a rolling out-of-sample backtest) and the models train on it. A model replaces the
 * hazard only while it beats it on that score; the groups of the best model are the basis reported. Every answer then
 * goes through a Platt recalibration ({@link PlattScaling}) fitted on released snapshots, applied only while it beat
 * the plain answers out of sample.
 *
 * <p>Point in time: everything is a fold of the events seen so far, so a learner fed the events up to an instant
 * answers exactly what the engine knew then. Memory: one entry per open opportunity (plus a compact entry per lost
 * one, which may be reopened) and the model counters; never the events. Not thread-safe.
 */
public final class WinProbabilityLearner {

    private final Function<PipelineId, Optional<Pipeline>> pipelines;
    private final WinProbabilitySettings settings;
    private final Map<PipelineId, PipelineStatistics> states = new LinkedHashMap<>();
    private final Map<OpportunityId, TrackedOpportunity> tracked = new HashMap<>();
    private long eventsReplayed;
    private Instant trainedAt;
    private Instant nextSnapshot;

    public WinProbabilityLearner(Function<PipelineId, Optional<Pipeline>> pipelines) {
        this(pipelines, WinProbabilitySettings.DEFAULTS);
    }

    public WinProbabilityLearner(Function<PipelineId, Optional<Pipeline>> pipelines, WinProbabilitySettings settings) {
        this.pipelines = pipelines;
        this.settings = settings;
    }

    /** A learner that only knows the default pipeline. */
    public static WinProbabilityLearner forDefaultPipeline() {
        return new WinProbabilityLearner(
                id -> id.equals(Pipeline.DEFAULT.id()) ? Optional.of(Pipeline.DEFAULT) : Optional.empty());
    }

    /** Trains a fresh learner on the events of {@code log} (business-time order) that had happened by {@code asOf}. */
    public static WinProbabilityLearner trainedAsOf(
            Iterable<? extends OpportunityEvent> log,
            Instant asOf,
            Function<PipelineId, Optional<Pipeline>> pipelines,
            WinProbabilitySettings settings) {
        WinProbabilityLearner learner = new WinProbabilityLearner(pipelines, settings);
        for (OpportunityEvent event : log) {
            if (!event.occurredAt().isAfter(asOf)) {
                learner.apply(event);
            }
        }
        return learner;
    }

    /** Folds one event in. Events should come in business-time order; a projection guards against redelivery. */
    public void apply(OpportunityEvent event) {
        advanceTo(event.occurredAt());
        eventsReplayed++;
        if (event instanceof OpportunityCreated e) {
            created(e);
        } else if (event instanceof StageChanged e) {
            stageChanged(e);
        } else if (event instanceof OpportunityDetailsUpdated e) {
            detailsUpdated(e);
        } else if (event instanceof ContactLogged e) {
            ifTracked(e.opportunityId(), o -> o.contactAt(e.occurredAt()));
        } else if (event instanceof ForecastUpdated e && e.probability() != null) {
            ifTracked(e.opportunityId(), o -> o.forecastAt(e.probability(), e.occurredAt()));
        } else if (event instanceof OpportunityLost e) {
            lost(e);
        } else if (event instanceof OpportunityConverted e) {
            converted(e);
        } else if (event instanceof OpportunityReopened e) {
            reopened(e);
        }
        // owners, team, tasks and documents do not enter the model
    }

    /** Moves the business clock forward, taking the feature snapshots that fall due. */
    public void advanceTo(Instant now) {
        if (trainedAt == null || now.isAfter(trainedAt)) {
            trainedAt = now;
        }
        long period = settings.snapshotEvery().getSeconds();
        if (nextSnapshot == null) {
            nextSnapshot = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period + period);
            return;
        }
        while (!nextSnapshot.isAfter(now)) {
            long tick = nextSnapshot.getEpochSecond() / period;
            for (TrackedOpportunity o : tracked.values()) {
                if (!o.lost) {
                    int state = o.pipeline.hazardState(o, nextSnapshot);
                    if (o.hazardState >= 0) {
                        o.pipeline.hazard().goesOn(o.hazardState, state);
                    }
                    o.hazardState = state;
                }
            }
            for (PipelineStatistics p : states.values()) {
                p.startTick();
            }
            for (TrackedOpportunity o : tracked.values()) {
                if (!o.lost) {
                    double[] x = o.pipeline.snapshot(o, nextSnapshot, tick);
                    o.pipeline.openAt(tick);
                    thin(o.pending);
                    o.remember(x);
                }
            }
            for (PipelineStatistics p : states.values()) {
                p.tickPassed(tick);
            }
            nextSnapshot = nextSnapshot.plusSeconds(period);
        }
    }

    /**
     * Keeps an opportunity's snapshots within {@link TrackedOpportunity#MAX_PENDING_SNAPSHOTS} by merging pairs, the
     * later one kept and standing for both weeks, so a long-open opportunity's early weeks stay represented (dropping
     * the oldest would leave the models to learn early weeks from quick closes only).
     */
    static void thin(java.util.ArrayDeque<double[]> pending) {
        if (pending.size() < TrackedOpportunity.MAX_PENDING_SNAPSHOTS) {
            return;
        }
        java.util.ArrayDeque<double[]> kept = new java.util.ArrayDeque<>(pending.size());
        double[] carried = null;
        for (double[] x : pending) {
            if (carried == null) {
                carried = x;
            } else {
                x[PipelineStatistics.WEIGHT] += carried[PipelineStatistics.WEIGHT];
                kept.addLast(x);
                carried = null;
            }
        }
        if (carried != null) {
            kept.addLast(carried);
        }
        pending.clear();
        pending.addAll(kept);
    }

    private void created(OpportunityCreated e) {
        if (tracked.containsKey(e.opportunityId())) {
            return;
        }
        PipelineStatistics pipeline = state(e.pipeline() == null ? PipelineId.DEFAULT : e.pipeline());
        TrackedOpportunity o = new TrackedOpportunity(e.opportunityId(), pipeline);
        o.source = e.source();
        o.expectedCloseDate = e.expectedCloseDate();
        if (e.amount() != null) {
            amount(o, e.amount());
        }
        enter(o, e.stage(), e.stageOrder(), e.occurredAt());
        o.hazardState = pipeline.hazardState(o, e.occurredAt());
        tracked.put(o.id, o);
    }

    private void stageChanged(StageChanged e) {
        TrackedOpportunity o = tracked.get(e.opportunityId());
        if (o == null || o.lost) {
            return;
        }
        if (e.direction() == StageDirection.BACKWARD || e.toOrder() < e.fromOrder()) {
            o.backwardMoves++;
        }
        enter(o, e.toStage(), e.toOrder(), e.occurredAt());
    }

    private void enter(
            TrackedOpportunity o, com.opportunityengine.events.pipeline.StageCode stage, int order, Instant at) {
        o.stage = stage;
        o.stageOrder = order;
        o.stageEnteredAt = at;
        if (!o.hasVisited(order)) {
            o.visited |= TrackedOpportunity.bit(order);
            o.pipeline.visit(order, stage);
        }
    }

    private void detailsUpdated(OpportunityDetailsUpdated e) {
        ifTracked(e.opportunityId(), o -> {
            if (e.amount() != null) {
                amount(o, e.amount());
            }
            if (e.expectedCloseDate() != null) {
                if (o.expectedCloseDate != null && e.expectedCloseDate().isAfter(o.expectedCloseDate)) {
                    o.closeDatePushes++;
                }
                o.expectedCloseDate = e.expectedCloseDate();
            }
            if (e.source() != null) {
                o.source = e.source();
            }
        });
    }

    private static void amount(TrackedOpportunity o, com.opportunityengine.events.common.Money amount) {
        if (amount.value().signum() > 0) {
            o.currency = amount.currency().getCurrencyCode();
            o.logAmount = Math.log(amount.value().doubleValue());
            o.pipeline.amountSeen(o.currency, o.logAmount);
        }
    }

    private void lost(OpportunityLost e) {
        TrackedOpportunity o = tracked.get(e.opportunityId());
        if (o == null || o.lost) {
            return;
        }
        label(o, 0);
        o.pipeline.close(o.visited, false, o.source);
        o.pipeline.hazard().closed(o.hazardState, false);
        o.shrinkAfterLoss();
    }

    private void converted(OpportunityConverted e) {
        TrackedOpportunity o = tracked.remove(e.opportunityId());
        if (o == null || o.lost) {
            return;
        }
        label(o, 1);
        o.pipeline.close(o.visited, true, o.source);
        o.pipeline.hazard().closed(o.hazardState, true);
    }

    private void label(TrackedOpportunity o, int outcome) {
        o.pipeline.closed(o.pending, outcome);
        o.pending.clear();
    }

    private void reopened(OpportunityReopened e) {
        TrackedOpportunity o = tracked.get(e.opportunityId());
        if (o == null || !o.lost) {
            return;
        }
        o.pipeline.revertLoss(o.visited, o.source);
        o.pipeline.hazard().lossTakenBack(o.hazardState);
        o.lost = false;
        o.contacts = new java.util.ArrayDeque<>();
        o.pending = new java.util.ArrayDeque<>();
        enter(o, e.stage(), e.stageOrder(), e.occurredAt());
        o.hazardState = o.pipeline.hazardState(o, e.occurredAt());
    }

    private void ifTracked(OpportunityId id, java.util.function.Consumer<TrackedOpportunity> action) {
        TrackedOpportunity o = tracked.get(id);
        if (o != null && !o.lost) {
            action.accept(o);
        }
    }

    private PipelineStatistics state(PipelineId id) {
        return states.computeIfAbsent(
                id, k -> new PipelineStatistics(k, pipelines.apply(k).orElse(null), settings));
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    /** The model of a pipeline as trained so far; empty when no opportunity of it has been seen. */
    public Optional<WinProbabilityModel> model(PipelineId pipeline) {
        PipelineStatistics state = states.get(pipeline);
        if (state == null) {
            return pipelines.apply(pipeline).map(p -> emptyModel(pipeline));
        }
        int chosen = state.chosenCandidate();
        return Optional.of(new WinProbabilityModel(
                pipeline,
                state.estimates(),
                chosen >= 0 ? Basis.FEATURES : state.hazardChosen() ? Basis.HAZARD : Basis.STAGE_RATE,
                labels(state.groupsOf(chosen)),
                state.examples(),
                trainedAt,
                eventsReplayed,
                Recalibration.of(state.recalibration())));
    }

    private WinProbabilityModel emptyModel(PipelineId pipeline) {
        PipelineStatistics state = state(pipeline);
        return new WinProbabilityModel(
                pipeline,
                state.estimates(),
                Basis.STAGE_DEFAULT,
                List.of(),
                0,
                trainedAt,
                eventsReplayed,
                Recalibration.of(state.recalibration()));
    }

    /** The win probability of an open opportunity at {@code at} (not before the last event it saw); empty when the
     *  opportunity is unknown or closed. */
    public Optional<WinProbabilityScore> score(OpportunityId id, Instant at) {
        TrackedOpportunity o = tracked.get(id);
        if (o == null || o.lost) {
            return Optional.empty();
        }
        return Optional.of(score(o, at));
    }

    /** Scores every open opportunity of a pipeline at {@code at}. */
    public List<WinProbabilityScore> scoreOpen(PipelineId pipeline, Instant at) {
        return scoreOpen(pipeline, at, true);
    }

    /** As {@link #scoreOpen(PipelineId, Instant)}, without building explanations (null) when not needed. */
    List<WinProbabilityScore> scoreOpen(PipelineId pipeline, Instant at, boolean explained) {
        List<WinProbabilityScore> scores = new ArrayList<>();
        for (TrackedOpportunity o : tracked.values()) {
            if (!o.lost && o.pipeline.id.equals(pipeline)) {
                scores.add(score(o, at, explained));
            }
        }
        return scores;
    }

    private WinProbabilityScore score(TrackedOpportunity o, Instant at) {
        return score(o, at, true);
    }

    private WinProbabilityScore score(TrackedOpportunity o, Instant at, boolean explained) {
        PipelineStatistics state = o.pipeline;
        double stageP = state.stageProbability(o.stageOrder);
        double defaultP = state.defaultProbability(o.stageOrder);
        long closed = state.closedVisits(o.stageOrder);
        int chosen = state.chosenCandidate();
        boolean hazard = state.hazardChosen();
        double[] x = state.features(o, at);
        double raw = chosen >= 0 || hazard ? state.rawProbability(chosen, hazard, x) : stageP;
        double p = state.recalibrated(raw);
        Basis basis = chosen >= 0
                ? Basis.FEATURES
                : hazard ? Basis.HAZARD : closed == 0 ? Basis.STAGE_DEFAULT : Basis.STAGE_RATE;
        Set<FeatureGroup> groups = state.groupsOf(chosen);
        return new WinProbabilityScore(
                o.id,
                state.id,
                o.stage,
                at,
                p,
                basis,
                stageP,
                defaultP,
                state.stageOrderProbability(o.stageOrder),
                labels(groups),
                explained ? explain(o, at, state, stageP, defaultP, raw, p, basis, groups, chosen, x) : null);
    }

    private static String explain(
            TrackedOpportunity o,
            Instant at,
            PipelineStatistics state,
            double stageP,
            double defaultP,
            double raw,
            double p,
            Basis basis,
            Set<FeatureGroup> groups,
            int chosen,
            double[] x) {
        StageEstimate est = state.estimate(o.stageOrder);
        long days = Math.max(0, Duration.between(o.stageEnteredAt, at).toDays());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "At %s for %d days. ", o.stage, days));
        if (basis == Basis.STAGE_DEFAULT) {
            text.append(String.format(
                    Locale.ROOT,
                    "No closed opportunity has been at this stage yet: the pipeline default %.0f%% applies.",
                    100 * defaultP));
            return text.append(recalibration(state, raw, p)).toString();
        }
        text.append(String.format(
                Locale.ROOT,
                "%d of %d closed opportunities that were at this stage were won; smoothed toward the default %.0f%%: "
                        + "%.0f%% (95%% interval %.0f%%-%.0f%%).",
                est.won(),
                est.won() + est.lost(),
                100 * defaultP,
                100 * stageP,
                100 * est.low(),
                100 * est.high()));
        if (basis == Basis.HAZARD || basis == Basis.FEATURES) {
            text.append(String.format(
                    Locale.ROOT,
                    " Of opportunities at this stage for as long, week by week (won, lost or still open), %.0f%%"
                            + " end up won (the stage default weighing %s pseudo-weeks, the weight that predicted"
                            + " best).",
                    100 * OnlineLogistic.sigmoid(x[FeatureGroup.STAGE_LOG_ODDS]),
                    new java.text.DecimalFormat("0.#", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
                            .format(state.priorWeeks())));
        }
        if (basis == Basis.FEATURES) {
            List<String> effects = new ArrayList<>();
            for (FeatureGroup g : groups) {
                double contribution = 0;
                for (int pos : g.positions()) {
                    contribution += state.weight(chosen, pos) * x[pos];
                }
                effects.add(String.format(Locale.ROOT, "%s %+.2f", g.label(), contribution));
            }
            effects.add(String.format(
                    Locale.ROOT,
                    "stage default %+.2f",
                    state.weight(chosen, PipelineStatistics.DEFAULT_LOG_ODDS)
                            * x[PipelineStatistics.DEFAULT_LOG_ODDS]));
            text.append(String.format(
                    Locale.ROOT,
                    " Adjusted by the logistic model (%s log-odds) to %.0f%%.",
                    String.join(", ", effects),
                    100 * raw));
        }
        return text.append(recalibration(state, raw, p)).toString();
    }

    /** What the recalibration did to the answer, or why it did not apply. */
    private static String recalibration(PipelineStatistics state, double raw, double p) {
        PlattScaling platt = state.recalibration();
        if (platt.applies()) {
            return String.format(
                    Locale.ROOT,
                    " Recalibrated (Platt: %.2f %+.2f·log-odds, fitted on %d earlier snapshot-weeks whose outcome was"
                            + " known) from %.0f%% to %.0f%%.",
                    platt.intercept(),
                    platt.slope(),
                    platt.rows(),
                    100 * raw,
                    100 * p);
        }
        if (platt.rows() < platt.minRows()) {
            return String.format(
                    Locale.ROOT,
                    " Not recalibrated: %d snapshot-weeks with a known outcome, %d needed.",
                    platt.rows(),
                    platt.minRows());
        }
        return String.format(
                Locale.ROOT,
                " Not recalibrated: on %d snapshot-weeks the recalibration did not beat the model out of sample.",
                platt.rows());
    }

    private static List<String> labels(Collection<FeatureGroup> groups) {
        return groups.stream().map(FeatureGroup::label).toList();
    }

    public long eventsReplayed() {
        return eventsReplayed;
    }

    /** The latest business time folded in, or null before the first event. */
    public Instant trainedAt() {
        return trainedAt;
    }

    /** What the learner remembers of one opportunity, or null (for tests). */
    TrackedOpportunity tracked(OpportunityId id) {
        return tracked.get(id);
    }

    /** Opportunities currently held in memory (open ones plus compact entries for lost ones). */
    public int trackedOpportunities() {
        return tracked.size();
    }
}
