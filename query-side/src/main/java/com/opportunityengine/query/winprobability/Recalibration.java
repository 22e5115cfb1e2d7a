package com.opportunityengine.query.winprobability;

/**
 * The Platt recalibration of a pipeline's answers as fitted so far: P = sigmoid(intercept + slope·log-odds), fitted
 * on {@code rows} snapshot-weeks whose outcome was known; {@code applied} only once it has {@code minRows} and while
 * what it made of earlier answers beat them out of sample; {@code reason} says which.
 */
public record Recalibration(
        String method, boolean applied, long rows, long minRows, double intercept, double slope, String reason) {

    static Recalibration of(PlattScaling platt) {
        String reason = platt.applies()
                ? "applied: it beat the plain answers out of sample"
                : platt.rows() < platt.minRows()
                        ? "skipped: too few snapshot-weeks with a known outcome"
                        : "skipped: it did not beat the plain answers out of sample";
        return new Recalibration(
                "PLATT", platt.applies(), platt.rows(), platt.minRows(), platt.intercept(), platt.slope(), reason);
    }
}
