package com.opportunityengine.query.winprobability;

/**
 * Platt scaling of a model's answers: P(won) = sigmoid(a + b·z), z the model's log-odds, two parameters fitted by
 * Newton's method on the (score, outcome) pairs it was given, with a light Gaussian prior toward the identity (a = 0,
 * b = 1) so that few rows barely move it. The pairs are kept as weighted counts in bins of z ({@link #BIN_WIDTH}
 * wide over [−{@link #Z_LIMIT}, {@link #Z_LIMIT}]): a fixed size however many rows it learns from, and a refit costs
 * a few passes over the bins.
 *
 * <p>Out of sample: at every snapshot the caller keeps what the fit of that instant made of the model's answer; when
 * the snapshot's outcome is known the two are judged ({@link #judge}); the scaling applies only once it has {@code
 * minRows} rows and only while its log-loss so judged beats the plain answers' by the required improvement. Which
 * pairs it is given (only outcomes known by the instant it answers for) is the caller's rule.
 */
final class PlattScaling {

    static final double Z_LIMIT = 8.0;
    static final double BIN_WIDTH = 0.05;
    private static final int BINS = (int) Math.round(2 * Z_LIMIT / BIN_WIDTH) + 1;
    /** The prior's precision toward the identity, in rows' worth of curvature: light. */
    private static final double PRIOR = 1.0;
    /** The slope never drops below this: the recalibration never reverses the model's ranking. */
    private static final double MIN_SLOPE = 0.05;

    /** Older pairs fade (half-life ~1400 rows), as the model they scored changes. */
    private static final double DECAY = 0.9995;

    private final long minRows;
    private final double requiredImprovement;
    private final double[] rows = new double[BINS];
    private final double[] wins = new double[BINS];
    private double total;
    private double seen;
    private double growth = 1.0;
    private double calibratedLoss;
    private double identityLoss;
    private double intercept;
    private double slope = 1.0;
    private boolean dirty;

    PlattScaling(long minRows, double requiredImprovement) {
        this.minRows = minRows;
        this.requiredImprovement = requiredImprovement;
    }

    /**
     * What the scaling, as fitted so far, makes of a model's log-odds {@code z} (whether it applies or not; the identity
     * before it has {@code minRows} rows): taken at each snapshot, so that it can be judged later against the outcome.
     */
    double fitted(double z) {
        return seen < minRows ? clip(z) : intercept + slope * clip(z);
    }

    /**
     * Judges the scaling out of sample on one labelled snapshot: the log-odds the model answered at the snapshot and
     * what the scaling fitted by then made of it.
     */
    void judge(double answered, double recalibrated, int y, double weight) {
        calibratedLoss = DECAY * calibratedLoss + weight * logLoss(OnlineLogistic.sigmoid(recalibrated), y);
        identityLoss = DECAY * identityLoss + weight * logLoss(OnlineLogistic.sigmoid(clip(answered)), y);
    }

    /** Keeps a (model log-odds, outcome) pair for the next fit. */
    void add(double z, int y, double weight) {
        double clipped = clip(z);
        seen += weight;
        int bin = bin(clipped);
        // older rows fade: rather than shrinking every bin, newer rows are added with a growing weight
        growth /= DECAY;
        if (growth > 1e100) {
            for (int i = 0; i < BINS; i++) {
                rows[i] /= growth;
                wins[i] /= growth;
            }
            growth = 1.0;
        }
        rows[bin] += weight * growth;
        wins[bin] += weight * y * growth;
        total = DECAY * total + weight;
        dirty = true;
    }

    /**
     * Whether the scaling applies: enough rows, and what it made of the model's answers at earlier snapshots beat those
     * answers (by the required improvement) once their outcomes were known.
     */
    boolean applies() {
        return seen >= minRows && calibratedLoss < identityLoss * (1 - requiredImprovement);
    }

    /** The recalibrated probability of a model's log-odds {@code z} (the identity while it does not apply). */
    double apply(double z) {
        if (!applies()) {
            return OnlineLogistic.sigmoid(z);
        }
        return OnlineLogistic.sigmoid(intercept + slope * clip(z));
    }

    /** Rows it has learned from (snapshot-weeks with a known outcome); recent ones weigh more in the fit. */
    long rows() {
        return Math.round(seen);
    }

    long minRows() {
        return minRows;
    }

    double intercept() {
        return intercept;
    }

    double slope() {
        return slope;
    }

    /**
     * Fits the pairs kept so far (the caller does it at fixed instants, e.g. every snapshot tick, so that the fit in
     * use is a function of what was known then): Newton's method on the penalised log-likelihood over the bins, from
     * the last fit.
     */
    void refit() {
        if (!dirty) {
            return;
        }
        dirty = false;
        // from the last fit: refits happen at the same ticks for every learner fed the same events, so the path,
        // and with it the fit, is the same for a backtest and for a learner trained up to one of its cutoffs
        double a = intercept;
        double b = slope;
        for (int iteration = 0; iteration < 25; iteration++) {
            double ga = PRIOR * a;
            double gb = PRIOR * (b - 1);
            double haa = PRIOR;
            double hab = 0;
            double hbb = PRIOR;
            for (int i = 0; i < BINS; i++) {
                if (rows[i] == 0) {
                    continue;
                }
                double z = centre(i);
                double n = rows[i] / growth;
                double p = OnlineLogistic.sigmoid(a + b * z);
                double residual = n * p - wins[i] / growth;
                double curvature = n * p * (1 - p);
                ga += residual;
                gb += residual * z;
                haa += curvature;
                hab += curvature * z;
                hbb += curvature * z * z;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 1e-12)) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a -= da;
            b = Math.max(MIN_SLOPE, b - db);
            if (Math.abs(da) < 1e-7 && Math.abs(db) < 1e-7) {
                break;
            }
        }
        intercept = a;
        slope = b;
    }

    private static double clip(double z) {
        return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
    }

    private static int bin(double z) {
        return (int) Math.round((z + Z_LIMIT) / BIN_WIDTH);
    }

    private static double centre(int bin) {
        return bin * BIN_WIDTH - Z_LIMIT;
    }

    private static double logLoss(double p, int y) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return y == 1 ? -Math.log(q) : -Math.log(1 - q);
    }
}
