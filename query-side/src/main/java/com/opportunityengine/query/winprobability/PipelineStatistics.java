package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counters and adjustment models of one pipeline. Sizes: a few numbers per stage, per source and per currency,
 * plus eight small logistic models; nothing grows with the number of events.
 */
final class PipelineStatistics {

    /**
     * Positions of a snapshot vector after the feature groups': the stage default's log-odds (read by every
     * adjustment model: the default is a prior whose weight is learned), then bookkeeping no model reads: the answer
     * given at the snapshot before recalibration (log-odds), the snapshot tick, the weeks it stands for and the label.
     */
    static final int DEFAULT_LOG_ODDS = FeatureGroup.SIZE;

    static final int RAW_LOG_ODDS = FeatureGroup.SIZE + 1;
    static final int TICK = FeatureGroup.SIZE + 2;
    static final int WEIGHT = FeatureGroup.SIZE + 3;
    static final int LABEL = FeatureGroup.SIZE + 4;
    /** What the recalibration fitted by then made of the answer at the snapshot (log-odds). */
    static final int RECALIBRATED_LOG_ODDS = FeatureGroup.SIZE + 6;
    /** The competing-risks state at the snapshot. */
    static final int HAZARD_STATE = FeatureGroup.SIZE + 5;
    /** Then each candidate model's answer at the snapshot (log-odds), judged when the outcome is released. */
    static final int CANDIDATE_ANSWERS = FeatureGroup.SIZE + 7;

    private static final int CANDIDATES = 2 + FeatureGroup.values().length;
    /** Then what the hazard answered at the snapshot with each prior weight it may choose (log-odds). */
    static final int HAZARD_CHOICES = CANDIDATE_ANSWERS + CANDIDATES;

    static final int VECTOR = HAZARD_CHOICES + StageHazard.PRIOR_WEEKS_CHOICES.length;

    /** Default when a pipeline is not known to the registry: no opinion. */
    private static final double UNKNOWN_DEFAULT = 0.5;
    /** Prequential losses decay so that the choice of features follows the recent data (half-life ~1400 examples). */
    private static final double DECAY = 0.9995;

    final PipelineId id;
    private final Pipeline definition;
    private final WinProbabilitySettings settings;
    private long[] won = new long[0];
    private long[] lost = new long[0];
    private long[] open = new long[0];
    private StageCode[] codes = new StageCode[0];
    private final Map<String, long[]> sourceOutcomes = new HashMap<>();
    private final Map<String, double[]> currencyLogAmounts = new HashMap<>();
    private long closedWon;
    private long closedLost;

    private final List<Set<FeatureGroup>> candidateGroups = new ArrayList<>();
    private final List<OnlineLogistic> candidates = new ArrayList<>();
    private final double[] candidateLoss;
    private double stageRateLoss;
    private double hazardLoss;
    private final double[] hazardChoiceLoss = new double[StageHazard.PRIOR_WEEKS_CHOICES.length];
    private static final int PRIOR_TRIAL_TICKS = 4;
    /** The prior weight in use: chosen again after each batch judged. */
    private int priorChoice = StageHazard.DEFAULT_PRIOR_CHOICE;
    /** The hazard's answers per prior weight as last solved, for the hazard's version and size they were solved at. */
    private final double[][] incidence = new double[StageHazard.PRIOR_WEEKS_CHOICES.length][];

    private final long[] incidenceVersion = new long[StageHazard.PRIOR_WEEKS_CHOICES.length];
    private final int[] incidenceSize = new int[StageHazard.PRIOR_WEEKS_CHOICES.length];
    private long examples;
    /** The groups some training example gave a value (a group never given keeps weight 0 and is not reported). */
    private final Set<FeatureGroup> given = EnumSet.noneOf(FeatureGroup.class);

    private final StageHazard hazard;
    private final SnapshotCohorts cohorts = new SnapshotCohorts();
    private final PlattScaling recalibration;
    private int tickCandidate = -1;
    /** The hazard's win incidence per state as of the last tick: what a released snapshot is trained on. */
    private double[] tickIncidence = new double[0];

    private boolean tickHazard;

    PipelineStatistics(PipelineId id, Pipeline definition, WinProbabilitySettings settings) {
        this.id = id;
        this.definition = definition;
        this.settings = settings;
        if (definition != null) {
            ensure(definition.stages().size());
        }
        hazard = new StageHazard(definition == null ? 1 : definition.stages().size());
        candidateGroups.add(EnumSet.noneOf(FeatureGroup.class));
        candidateGroups.add(EnumSet.allOf(FeatureGroup.class));
        for (FeatureGroup left : FeatureGroup.values()) {
            Set<FeatureGroup> without = EnumSet.allOf(FeatureGroup.class);
            without.remove(left);
            candidateGroups.add(without);
        }
        double[] initial = new double[VECTOR];
        initial[FeatureGroup.STAGE_LOG_ODDS] = 1.0;
        for (Set<FeatureGroup> groups : candidateGroups) {
            boolean[] use = new boolean[VECTOR];
            use[FeatureGroup.BIAS] = true;
            use[FeatureGroup.STAGE_LOG_ODDS] = true;
            use[DEFAULT_LOG_ODDS] = true;
            for (FeatureGroup g : groups) {
                for (int p : g.positions()) {
                    use[p] = true;
                }
            }
            candidates.add(new OnlineLogistic(use, initial));
        }
        candidateLoss = new double[candidates.size()];
        recalibration = new PlattScaling(settings.minTrainingExamples(), settings.requiredImprovement());
    }

    private void ensure(int order) {
        if (order < won.length) {
            return;
        }
        int size =
                Math.max(order + 1, definition == null ? 0 : definition.stages().size() + 1);
        won = Arrays.copyOf(won, size);
        lost = Arrays.copyOf(lost, size);
        open = Arrays.copyOf(open, size);
        codes = Arrays.copyOf(codes, size);
    }

    // ---- visits and outcomes ------------------------------------------------------------------------------------

    void visit(int order, StageCode code) {
        ensure(order);
        open[order]++;
        if (code != null) {
            codes[order] = code;
        }
    }

    void close(long visited, boolean wonIt, String source) {
        for (int order = 1; order < open.length; order++) {
            if ((visited & TrackedOpportunity.bit(order)) != 0) {
                open[order]--;
                if (wonIt) {
                    won[order]++;
                } else {
                    lost[order]++;
                }
            }
        }
        long[] bySource = sourceOutcomes.computeIfAbsent(sourceKey(source), k -> new long[2]);
        if (wonIt) {
            closedWon++;
            bySource[0]++;
        } else {
            closedLost++;
            bySource[1]++;
        }
    }

    /** A reopened loss is open again: its visits no longer count as lost. */
    void revertLoss(long visited, String source) {
        for (int order = 1; order < open.length; order++) {
            if ((visited & TrackedOpportunity.bit(order)) != 0) {
                lost[order]--;
                open[order]++;
            }
        }
        closedLost--;
        sourceOutcomes.computeIfAbsent(sourceKey(source), k -> new long[2])[1]--;
    }

    void amountSeen(String currency, double logAmount) {
        double[] stats = currencyLogAmounts.computeIfAbsent(currency, k -> new double[2]);
        stats[0] += logAmount;
        stats[1]++;
    }

    // ---- the stage model ----------------------------------------------------------------------------------------

    double defaultProbability(int order) {
        if (definition != null && order >= 1 && order <= definition.stages().size()) {
            return definition.stageAt(order).defaultProbability();
        }
        return UNKNOWN_DEFAULT;
    }

    StageCode code(int order) {
        if (definition != null && order >= 1 && order <= definition.stages().size()) {
            return definition.stageAt(order).code();
        }
        return order < codes.length ? codes[order] : null;
    }

    /** Beta(k·p0, k·(1-p0)) prior centred on the default, updated with the visits' outcomes: the posterior mean. */
    double stageProbability(int order) {
        double p0 = defaultProbability(order);
        double k = settings.priorStrength();
        long w = order < won.length ? won[order] : 0;
        long l = order < lost.length ? lost[order] : 0;
        return (w + k * p0) / (w + l + k);
    }

    /**
     * The stage order alone: the visited-stage rates made non-decreasing in stage order (pool adjacent violators,
     * weighted by closed visits plus the prior's pseudo-visits).
     */
    double stageOrderProbability(int order) {
        int n = Math.max(won.length - 1, order);
        double[] rates = new double[n];
        double[] weights = new double[n];
        for (int s = 1; s <= n; s++) {
            rates[s - 1] = stageProbability(s);
            weights[s - 1] = closedVisits(s) + settings.priorStrength();
        }
        return order < 1 ? stageProbability(order) : Isotonic.increasing(rates, weights)[order - 1];
    }

    /** The competing-risks state of an opportunity at an instant: its stage and how long it has been there. */
    int hazardState(TrackedOpportunity o, Instant at) {
        double days = Math.max(0, (at.getEpochSecond() - o.stageEnteredAt.getEpochSecond()) / 86_400.0);
        return hazard.state(Math.max(1, o.stageOrder), days);
    }

    StageHazard hazard() {
        return hazard;
    }

    /** The cumulative incidence of a win from the opportunity's state at {@code at}. */
    double hazardProbability(TrackedOpportunity o, Instant at) {
        int state = hazardState(o, at);
        return hazardIncidence(Math.max(1, o.stageOrder))[state];
    }

    private double[] hazardIncidence(int order) {
        return hazardIncidence(order, priorChoice());
    }

    private double[] hazardIncidence(int order, int choice) {
        int n = Math.max(won.length, order + 1);
        if (incidence[choice] != null && incidenceVersion[choice] == hazard.version() && incidenceSize[choice] == n) {
            return incidence[choice];
        }
        double[] defaults = new double[n];
        for (int s = 1; s < n; s++) {
            defaults[s] = defaultProbability(s);
        }
        incidence[choice] = hazard.winIncidence(defaults, choice);
        incidenceVersion[choice] = hazard.version();
        incidenceSize[choice] = n;
        return incidence[choice];
    }

    /**
     * The weight of the stage defaults in the hazard (pseudo-weeks per state), learned: the choice whose answers at
     * earlier snapshots did best once their outcomes were released; the middle one until another beats it by the
     * required improvement on {@code minTrainingExamples} snapshots.
     */
    int priorChoice() {
        return priorChoice;
    }

    private int choosePrior() {
        int best = StageHazard.DEFAULT_PRIOR_CHOICE;
        if (examples < settings.minTrainingExamples()) {
            return best;
        }
        for (int c = 0; c < hazardChoiceLoss.length; c++) {
            if (hazardChoiceLoss[c] < hazardChoiceLoss[best] * (1 - settings.requiredImprovement())) {
                best = c;
            }
        }
        return best;
    }

    /** The hazard's prior weight in use, in pseudo-weeks per state. */
    double priorWeeks() {
        return StageHazard.PRIOR_WEEKS_CHOICES[priorChoice()];
    }

    long closedVisits(int order) {
        return order < won.length ? won[order] + lost[order] : 0;
    }

    StageEstimate estimate(int order) {
        ensure(order);
        double p = stageProbability(order);
        double n = won[order] + lost[order] + settings.priorStrength();
        double[] interval = wilson(p, n);
        return new StageEstimate(
                code(order),
                order,
                won[order] + lost[order] + open[order],
                won[order],
                lost[order],
                open[order],
                defaultProbability(order),
                p,
                interval[0],
                interval[1]);
    }

    List<StageEstimate> estimates() {
        List<StageEstimate> out = new ArrayList<>();
        for (int order = 1; order < won.length; order++) {
            if (code(order) != null || won[order] + lost[order] + open[order] > 0) {
                out.add(estimate(order));
            }
        }
        return out;
    }

    /** The 95% Wilson score interval around p with n (pseudo plus real) observations. */
    static double[] wilson(double p, double n) {
        double z = 1.959964;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
    }

    // ---- features and the adjustment ----------------------------------------------------------------------------

    double[] features(TrackedOpportunity o, Instant at) {
        double[] x = new double[VECTOR];
        x[FeatureGroup.BIAS] = 1.0;
        x[FeatureGroup.STAGE_LOG_ODDS] = OnlineLogistic.logit(hazardProbability(o, at));
        x[FeatureGroup.VISITED_RATE_LOG_ODDS] = OnlineLogistic.logit(stageProbability(o.stageOrder));
        double days = Math.max(0, (at.getEpochSecond() - o.stageEnteredAt.getEpochSecond()) / 86_400.0);
        x[2] = Math.log1p(days);
        x[3] = Math.min(3, o.backwardMoves);
        x[4] = Math.min(5, o.closeDatePushes);
        x[5] = o.expectedCloseDate != null
                        && o.expectedCloseDate.toEpochDay() < Math.floorDiv(at.getEpochSecond(), 86_400)
                ? 1.0
                : 0.0;
        x[6] = amountOffset(o);
        x[7] = sourceOffset(o.source);
        x[8] = Math.log1p(o.contactsWithin30DaysBefore(at));
        double person = o.personProbabilityAt(at);
        if (!Double.isNaN(person)) {
            x[10] = OnlineLogistic.logit(Math.max(0.02, Math.min(0.98, person)));
            x[11] = 1.0;
        }
        x[DEFAULT_LOG_ODDS] = OnlineLogistic.logit(defaultProbability(o.stageOrder));
        x[HAZARD_STATE] = hazardState(o, at);
        return x;
    }

    private double amountOffset(TrackedOpportunity o) {
        if (Double.isNaN(o.logAmount) || o.currency == null) {
            return 0.0;
        }
        double[] stats = currencyLogAmounts.get(o.currency);
        if (stats == null || stats[1] < 2) {
            return 0.0;
        }
        return Math.max(-5, Math.min(5, o.logAmount - stats[0] / stats[1]));
    }

    private double sourceOffset(String source) {
        long[] counts = sourceOutcomes.get(sourceKey(source));
        if (counts == null || closedWon + closedLost == 0) {
            return 0.0;
        }
        double overall = (closedWon + 1.0) / (closedWon + closedLost + 2.0);
        double k = settings.priorStrength();
        double rate = (counts[0] + k * overall) / (counts[0] + counts[1] + k);
        return OnlineLogistic.logit(rate) - OnlineLogistic.logit(overall);
    }

    private static String sourceKey(String source) {
        return source == null || source.isBlank() ? "" : source.strip().toLowerCase(java.util.Locale.ROOT);
    }

    // ---- learning, held back by cohort ---------------------------------------------------------------------------

    /** A snapshot tick begins: the basis its snapshots are scored with is the one chosen now. */
    void startTick() {
        tickCandidate = chosenCandidate();
        tickHazard = hazardChosen();
    }

    /** An open opportunity's snapshot at a tick: its features, the answer it got (before recalibration), the tick. */
    double[] snapshot(TrackedOpportunity o, Instant at, long tick) {
        double[] x = features(o, at);
        for (int i = 0; i < candidates.size(); i++) {
            x[CANDIDATE_ANSWERS + i] = candidates.get(i).logOdds(x);
        }
        x[RAW_LOG_ODDS] = OnlineLogistic.logit(rawProbability(tickCandidate, tickHazard, x));
        x[RECALIBRATED_LOG_ODDS] = recalibration.fitted(x[RAW_LOG_ODDS]);
        // the other prior weights are tried on every fourth tick only (each costs a solve of the chain)
        int state = (int) x[HAZARD_STATE];
        for (int c = 0; c < StageHazard.PRIOR_WEEKS_CHOICES.length; c++) {
            x[HAZARD_CHOICES + c] = tick % PRIOR_TRIAL_TICKS == 0
                    ? OnlineLogistic.logit(hazardIncidence(Math.max(1, o.stageOrder), c)[state])
                    : Double.NaN;
        }
        x[TICK] = tick;
        x[WEIGHT] = 1.0;
        return x;
    }

    /** An opportunity was open at snapshot tick {@code tick}: it belongs to that tick's cohort. */
    void openAt(long tick) {
        cohorts.open(tick);
    }

    /** The snapshot tick {@code tick} passed: cohorts old enough are released even if not resolved. */
    void tickPassed(long tick) {
        tickIncidence = hazardIncidence(1).clone();
        cohorts.releaseDue(tick, this::learn);
        recalibration.refit();
    }

    /**
     * An opportunity closed with {@code y}: its snapshots (oldest first, each standing for {@link #WEIGHT} weeks up
     * to its {@link #TICK}) are labelled and handed to their cohorts, which release them once resolved.
     */
    void closed(Collection<double[]> snapshots, int y) {
        if (snapshots.isEmpty()) {
            return;
        }
        double[] first = snapshots.iterator().next();
        long firstTick = (long) first[TICK] - (long) first[WEIGHT] + 1;
        long lastTick = firstTick;
        for (double[] x : snapshots) {
            x[LABEL] = y;
            lastTick = (long) x[TICK];
        }
        cohorts.closed(firstTick, lastTick, snapshots, this::learn);
    }

    /**
     * Learns from a released batch of labelled snapshots: first scores every candidate on each (prequential), then
     * updates it; the recalibration scores the batch with its fit of the earlier batches, then keeps it.
     */
    private void learn(List<double[]> batch) {
        for (double[] x : batch) {
            int y = (int) x[LABEL];
            double w = x[WEIGHT];
            // judged on what each basis answered at the snapshot: a backtest of the bases
            double stageRate = OnlineLogistic.sigmoid(x[FeatureGroup.VISITED_RATE_LOG_ODDS]);
            stageRateLoss = DECAY * stageRateLoss + w * logLoss(stageRate, y);
            hazardLoss = DECAY * hazardLoss + w * logLoss(OnlineLogistic.sigmoid(x[FeatureGroup.STAGE_LOG_ODDS]), y);
            for (int i = 0; i < candidates.size(); i++) {
                double answered = OnlineLogistic.sigmoid(x[CANDIDATE_ANSWERS + i]);
                candidateLoss[i] = DECAY * candidateLoss[i] + w * logLoss(answered, y);
            }
            recalibration.judge(x[RAW_LOG_ODDS], x[RECALIBRATED_LOG_ODDS], y, w);
            if (given.size() < FeatureGroup.values().length) {
                for (FeatureGroup g : FeatureGroup.values()) {
                    for (int pos : g.positions()) {
                        if (x[pos] != 0.0) {
                            given.add(g);
                        }
                    }
                }
            }
            if (!Double.isNaN(x[HAZARD_CHOICES])) {
                for (int c = 0; c < hazardChoiceLoss.length; c++) {
                    hazardChoiceLoss[c] =
                            DECAY * hazardChoiceLoss[c] + w * logLoss(OnlineLogistic.sigmoid(x[HAZARD_CHOICES + c]), y);
                }
            }
            examples++;
        }
        priorChoice = choosePrior();
        int chosen = chosenCandidate();
        boolean hazardNow = hazardChosen();
        for (double[] x : batch) {
            int y = (int) x[LABEL];
            double w = x[WEIGHT];
            // trained on the hazard as known now for the snapshot's state, the meaning it has when answering now
            int state = (int) x[HAZARD_STATE];
            if (state < tickIncidence.length) {
                x[FeatureGroup.STAGE_LOG_ODDS] = OnlineLogistic.logit(tickIncidence[state]);
            }
            // the recalibration sees the current model's answer before the model learns the snapshot
            recalibration.add(OnlineLogistic.logit(rawProbability(chosen, hazardNow, x)), y, w);
            for (OnlineLogistic candidate : candidates) {
                candidate.learn(x, y, w);
            }
        }
    }

    /** The answer before recalibration for a feature vector: the chosen model's, else the hazard's or the rate's. */
    double rawProbability(int chosen, boolean hazardChosen, double[] x) {
        if (chosen >= 0) {
            return predict(chosen, x);
        }
        return OnlineLogistic.sigmoid(
                hazardChosen ? x[FeatureGroup.STAGE_LOG_ODDS] : x[FeatureGroup.VISITED_RATE_LOG_ODDS]);
    }

    /** The answer after the recalibration (the same while it does not apply). */
    double recalibrated(double raw) {
        return recalibration.applies() ? recalibration.apply(OnlineLogistic.logit(raw)) : raw;
    }

    PlattScaling recalibration() {
        return recalibration;
    }

    /** Labelled snapshots waiting for their cohort to resolve. */
    long heldBack() {
        return cohorts.heldBack();
    }

    private static double logLoss(double p, int y) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return y == 1 ? -Math.log(q) : -Math.log(1 - q);
    }

    /**
     * Whether the competing-risks incidence answers rather than the visited-stage rate: as soon as anything of the
     * pipeline has closed, unless the rate, once {@code minTrainingExamples} snapshots are labelled, beats it out of
     * sample by the required improvement. The incidence is the one of the two that counts open opportunities (the
     * rate only sees closed ones, so it is biased wherever wins and losses take different times to arrive), so it is
     * the one kept while the two do equally well.
     */
    boolean hazardChosen() {
        if (closedWon + closedLost == 0) {
            return false;
        }
        return !(examples >= settings.minTrainingExamples()
                && stageRateLoss < hazardLoss * (1 - settings.requiredImprovement()));
    }

    /**
     * The candidate to score with, or -1 for the simpler basis: a calibrated model must beat the better of the
     * visited-stage rate and the competing-risks incidence by the required improvement.
     */
    int chosenCandidate() {
        if (examples < settings.minTrainingExamples()) {
            return -1;
        }
        int best = -1;
        double bestLoss = (hazardChosen() ? hazardLoss : stageRateLoss) * (1 - settings.requiredImprovement());
        for (int i = 0; i < candidates.size(); i++) {
            if (candidateLoss[i] < bestLoss) {
                best = i;
                bestLoss = candidateLoss[i];
            }
        }
        return best;
    }

    /** The candidate's groups that some training example gave a value: the others weigh nothing in it. */
    Set<FeatureGroup> groupsOf(int candidate) {
        if (candidate < 0) {
            return Set.of();
        }
        Set<FeatureGroup> groups = EnumSet.noneOf(FeatureGroup.class);
        groups.addAll(candidateGroups.get(candidate));
        groups.retainAll(given);
        return groups;
    }

    double predict(int candidate, double[] x) {
        return candidates.get(candidate).predict(x);
    }

    double weight(int candidate, int position) {
        return candidates.get(candidate).weight(position);
    }

    long examples() {
        return examples;
    }
}
