package com.opportunityengine.query.winprobability;

/**
 * Logistic regression trained one example at a time (AdaGrad steps, a little L2), over a subset of the feature
 * vector chosen by a mask. Log-loss training makes its output calibrated in the Platt sense: fed the stage rate's
 * log-odds it learns the scaling that makes "0.7" mean 70%.
 */
final class OnlineLogistic {

    private static final double LEARNING_RATE = 0.1;
    private static final double L2 = 1e-4;

    private final boolean[] use;
    /** The positions it reads, in order. */
    private final int[] used;

    private final double[] weights;
    private final double[] squaredGradients;

    /** @param use which positions of the feature vector this model reads
     *  @param initial starting weights (e.g. 1.0 on the stage log-odds so that it starts as the stage model) */
    OnlineLogistic(boolean[] use, double[] initial) {
        this.use = use.clone();
        this.weights = initial.clone();
        this.squaredGradients = new double[initial.length];
        int n = 0;
        for (boolean u : use) {
            n += u ? 1 : 0;
        }
        this.used = new int[n];
        for (int i = 0, k = 0; i < use.length; i++) {
            if (use[i]) {
                used[k++] = i;
            }
        }
        for (int i = 0; i < use.length; i++) {
            if (!use[i]) {
                weights[i] = 0.0;
            }
        }
    }

    double predict(double[] x) {
        return sigmoid(logOdds(x));
    }

    /** The model's log-odds for {@code x} (its answer before the sigmoid). */
    double logOdds(double[] x) {
        double z = 0.0;
        for (int i : used) {
            z += weights[i] * x[i];
        }
        return z;
    }

    void learn(double[] x, int y) {
        learn(x, y, 1.0);
    }

    /** One AdaGrad step on an example that counts {@code weight} times (e.g. a snapshot standing for several weeks). */
    void learn(double[] x, int y, double weight) {
        double error = weight * (predict(x) - y);
        for (int i : used) {
            double g = error * x[i] + L2 * weights[i];
            squaredGradients[i] += g * g;
            weights[i] -= LEARNING_RATE * g / (Math.sqrt(squaredGradients[i]) + 1e-8);
        }
    }

    double weight(int i) {
        return weights[i];
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    static double logit(double p) {
        double q = Math.min(0.999, Math.max(0.001, p));
        return Math.log(q / (1.0 - q));
    }
}
