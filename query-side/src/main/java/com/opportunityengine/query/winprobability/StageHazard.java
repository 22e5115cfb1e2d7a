package com.opportunityengine.query.winprobability;

import java.util.Arrays;

/**
 * A discrete-time competing-risks model of one pipeline, weekly: at each snapshot tick every open opportunity is in a
 * state (its stage and how long it has been at it, in {@link #AGE_WEEKS} buckets), and by the next tick it has been
 * won, lost or goes on (to the same stage, older, or another stage). Open opportunities count as at risk for every
 * complete week they were seen open and carry no outcome: an opportunity that has sat open for months is information
 * (censoring), not missing data. The win probability of a state is its cumulative incidence of a win: the absorption
 * probability into "won" of the Markov chain of observed weekly transitions, by solving {@code (I - Q) x = r}.
 *
 * <p>Each state's row has a prior of a few pseudo-weeks (2 by default; the pipeline learns which of {@link
 * #PRIOR_WEEKS_CHOICES} predicts best out of sample: the default's weight is learned): it stays in the state and is closed with hazard
 * {@link #PRIOR_HAZARD}, won with the stage's default probability, so a state never seen answers the default, and a
 * state seen often answers its own hazards (a prior that aged the pseudo-weeks into the next, unseen, age would pull
 * every well-observed oldest state back toward the default). The answers are then made monotone in stage order within each age (pool-adjacent-violators weighted by
 * weeks at risk): a later stage is never scored below an earlier one of the same age.
 */
final class StageHazard {

    /** Lower bounds (weeks in the stage) of the age buckets. */
    static final int[] AGE_WEEKS = {0, 1, 2, 4, 8, 13, 26, 52};

    static final int AGES = AGE_WEEKS.length;
    /** The default prior weights (pseudo-weeks per state) a pipeline chooses from, out of sample. */
    static final double[] PRIOR_WEEKS_CHOICES = {0.5, 2.0, 8.0};

    static final int DEFAULT_PRIOR_CHOICE = 1;
    private static final double PRIOR_HAZARD = 0.1;

    private int stages;
    /** transitions[i][j]: weeks that began in state i and ended open in state j. */
    private double[][] transitions = new double[0][0];

    private double[] won = new double[0];
    private double[] lost = new double[0];
    private final double[][] cached = new double[PRIOR_WEEKS_CHOICES.length][];
    /** Raised by every change; a cached answer is good for the version it was solved at. */
    private long version;

    private final long[] cachedVersion = new long[PRIOR_WEEKS_CHOICES.length];
    private final double[][] cachedDefaults = new double[PRIOR_WEEKS_CHOICES.length][];

    StageHazard(int stages) {
        grow(Math.max(1, stages));
    }

    static int ageBucket(double days) {
        double weeks = days / 7.0;
        int bucket = 0;
        for (int a = 1; a < AGES; a++) {
            if (weeks >= AGE_WEEKS[a]) {
                bucket = a;
            }
        }
        return bucket;
    }

    /** The state of an opportunity at a stage (1-based order) for {@code days}. */
    int state(int order, double days) {
        grow(order);
        return (order - 1) * AGES + ageBucket(days);
    }

    private void grow(int order) {
        if (order <= stages) {
            return;
        }
        int n = order * AGES;
        double[][] t = new double[n][n];
        for (int i = 0; i < transitions.length; i++) {
            System.arraycopy(transitions[i], 0, t[i], 0, transitions[i].length);
        }
        transitions = t;
        won = Arrays.copyOf(won, n);
        lost = Arrays.copyOf(lost, n);
        stages = order;
        version++;
    }

    void goesOn(int from, int to) {
        transitions[from][to]++;
        version++;
    }

    void closed(int from, boolean wonIt) {
        if (wonIt) {
            won[from]++;
        } else {
            lost[from]++;
        }
        version++;
    }

    /** A reopened loss takes its loss back. */
    void lossTakenBack(int from) {
        lost[from] = Math.max(0, lost[from] - 1);
        version++;
    }

    /** Raised by every change of the counts. */
    long version() {
        return version;
    }

    /** Weeks observed starting in a state (transitions and closes). */
    double weeksAtRisk(int state) {
        double n = won[state] + lost[state];
        for (double t : transitions[state]) {
            n += t;
        }
        return n;
    }

    /** The cumulative incidence of a win for every state, monotone in stage order within each age. */
    double[] winIncidence(double[] defaultByOrder) {
        return winIncidence(defaultByOrder, DEFAULT_PRIOR_CHOICE);
    }

    /** As {@link #winIncidence(double[])} with the prior weight {@code PRIOR_WEEKS_CHOICES[choice]}. */
    double[] winIncidence(double[] defaultByOrder, int choice) {
        if (cached[choice] != null
                && cachedVersion[choice] == version
                && Arrays.equals(cachedDefaults[choice], defaultByOrder)) {
            return cached[choice];
        }
        double priorWeeks = PRIOR_WEEKS_CHOICES[choice];
        int n = stages * AGES;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            int order = i / AGES + 1;
            double p0 = order < defaultByOrder.length ? defaultByOrder[order] : 0.5;
            double total = weeksAtRisk(i) + priorWeeks;

            a[i][i] += 1.0;
            for (int j = 0; j < n; j++) {
                a[i][j] -= transitions[i][j] / total;
            }
            a[i][i] -= priorWeeks * (1 - PRIOR_HAZARD) / total;
            a[i][n] = (won[i] + priorWeeks * PRIOR_HAZARD * p0) / total;
        }
        double[] x = solve(a, n);
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(1.0, Math.max(0.0, x[i]));
            weights[i] = weeksAtRisk(i) + priorWeeks;
        }
        for (int age = 0; age < AGES; age++) {
            double[] values = new double[stages];
            double[] w = new double[stages];
            for (int s = 0; s < stages; s++) {
                values[s] = x[s * AGES + age];
                w[s] = weights[s * AGES + age];
            }
            double[] monotone = Isotonic.increasing(values, w);
            for (int s = 0; s < stages; s++) {
                x[s * AGES + age] = monotone[s];
            }
        }
        cached[choice] = x;
        cachedVersion[choice] = version;
        cachedDefaults[choice] = defaultByOrder.clone();
        return x;
    }

    /** Gaussian elimination with partial pivoting on the augmented matrix {@code a} (n rows, n+1 columns). */
    private static double[] solve(double[][] a, int n) {
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            double d = a[col][col];
            if (Math.abs(d) < 1e-12) {
                continue;
            }
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / d;
                if (f != 0) {
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = Math.abs(a[r][r]) < 1e-12 ? 0.0 : s / a[r][r];
        }
        return x;
    }
}
