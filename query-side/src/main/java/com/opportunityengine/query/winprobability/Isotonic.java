package com.opportunityengine.query.winprobability;

/** Weighted isotonic regression (pool adjacent violators): the closest non-decreasing sequence in weighted squares. */
final class Isotonic {

    private Isotonic() {}

    static double[] increasing(double[] values, double[] weights) {
        int n = values.length;
        double[] level = new double[n];
        double[] weight = new double[n];
        int[] size = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            level[blocks] = values[i];
            weight[blocks] = Math.max(weights[i], 1e-9);
            size[blocks] = 1;
            blocks++;
            while (blocks > 1 && level[blocks - 2] > level[blocks - 1]) {
                double w = weight[blocks - 2] + weight[blocks - 1];
                level[blocks - 2] =
                        (level[blocks - 2] * weight[blocks - 2] + level[blocks - 1] * weight[blocks - 1]) / w;
                weight[blocks - 2] = w;
                size[blocks - 2] += size[blocks - 1];
                blocks--;
            }
        }
        double[] out = new double[n];
        int i = 0;
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < size[b]; k++) {
                out[i++] = level[b];
            }
        }
        return out;
    }
}
