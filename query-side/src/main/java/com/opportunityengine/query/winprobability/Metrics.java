package com.opportunityengine.query.winprobability;

import java.util.List;

/**
 * How good a set of probabilities was against what happened: Brier score, log-loss (probabilities clipped to
 * [1e-6, 1-1e-6]), the rank-based AUC (ties count half; null when only one outcome occurred), ten calibration bins
 * and Murphy's decomposition of the Brier score over those bins: {@code reliability} (the count-weighted mean of
 * (mean predicted − observed)², lower is better), {@code resolution} (the count-weighted mean of (observed − base
 * rate)², higher is better) and {@code uncertainty} (base rate·(1 − base rate)); brier ≈ reliability − resolution +
 * uncertainty, up to the spread of predictions inside each bin.
 */
public record Metrics(
        long n,
        double brier,
        double logLoss,
        Double auc,
        List<CalibrationBin> calibration,
        double reliability,
        double resolution,
        double uncertainty) {

    Metrics(long n, double brier, double logLoss, Double auc, List<CalibrationBin> calibration) {
        this(n, brier, logLoss, auc, calibration, decomposition(n, calibration));
    }

    private Metrics(
            long n, double brier, double logLoss, Double auc, List<CalibrationBin> calibration, double[] parts) {
        this(n, brier, logLoss, auc, calibration, parts[0], parts[1], parts[2]);
    }

    private static double[] decomposition(long n, List<CalibrationBin> bins) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double won = 0;
        for (CalibrationBin b : bins) {
            won += b.count() == 0 ? 0 : b.observedRate() * b.count();
        }
        double base = won / n;
        double reliability = 0;
        double resolution = 0;
        for (CalibrationBin b : bins) {
            if (b.count() > 0) {
                reliability += b.count() * Math.pow(b.meanPredicted() - b.observedRate(), 2);
                resolution += b.count() * Math.pow(b.observedRate() - base, 2);
            }
        }
        return new double[] {reliability / n, resolution / n, base * (1 - base)};
    }

    static final double CLIP = 1e-6;

    public static Metrics of(double[] probabilities, int[] outcomes) {
        int n = probabilities.length;
        if (n == 0) {
            return new Metrics(0, Double.NaN, Double.NaN, null, bins(probabilities, outcomes));
        }
        double brier = 0;
        double logLoss = 0;
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            brier += (p - outcomes[i]) * (p - outcomes[i]);
            double q = Math.min(1 - CLIP, Math.max(CLIP, p));
            logLoss -= outcomes[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return new Metrics(n, brier / n, logLoss / n, auc(probabilities, outcomes), bins(probabilities, outcomes));
    }

    /** Mann-Whitney: the probability that a random won row scored above a random lost one, ties counting half. */
    static Double auc(double[] p, int[] y) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    static List<CalibrationBin> bins(double[] p, int[] y) {
        long[] count = new long[10];
        double[] sum = new double[10];
        long[] won = new long[10];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(9, Math.max(0, (int) Math.floor(p[i] * 10)));
            count[b]++;
            sum[b] += p[i];
            won[b] += y[i];
        }
        List<CalibrationBin> bins = new java.util.ArrayList<>();
        for (int b = 0; b < 10; b++) {
            bins.add(new CalibrationBin(
                    b / 10.0,
                    (b + 1) / 10.0,
                    count[b],
                    count[b] == 0 ? null : sum[b] / count[b],
                    count[b] == 0 ? null : (double) won[b] / count[b]));
        }
        return bins;
    }
}
