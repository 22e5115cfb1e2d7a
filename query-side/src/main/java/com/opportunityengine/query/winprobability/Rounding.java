package com.opportunityengine.query.winprobability;

/** Probabilities and scores leave the model rounded to 4 decimals; NaN (nothing to measure) leaves as null. */
final class Rounding {

    private Rounding() {}

    static Double round(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return Math.round(value * 10_000) / 10_000.0;
    }
}
