package com.opportunityengine.query.winprobability;

import java.time.Duration;

/**
 * Tuning of the learner.
 *
 * @param priorStrength k: the stage default counts as k pseudo-observations (Beta(k·p0, k·(1-p0)) prior), so a stage
 *                      needs about k closed visits before its own data weighs as much as the default
 * @param snapshotEvery how often (business time) every open opportunity's features are snapshotted; a snapshot
 *                      becomes a training example for the adjustment when the opportunity closes
 * @param minTrainingExamples labelled snapshots needed before the adjustment may replace the stage rate
 * @param requiredImprovement relative log-loss gain (prequential, on outcomes not yet trained on) an adjustment must
 *                      show over the stage rate to be used
 */
public record WinProbabilitySettings(
        double priorStrength, Duration snapshotEvery, long minTrainingExamples, double requiredImprovement) {

    public static final WinProbabilitySettings DEFAULTS =
            new WinProbabilitySettings(10.0, Duration.ofDays(7), 300, 0.01);

    public WinProbabilitySettings {
        if (!(priorStrength > 0)) {
            throw new IllegalArgumentException("priorStrength must be positive");
        }
        if (snapshotEvery.isNegative() || snapshotEvery.isZero()) {
            throw new IllegalArgumentException("snapshotEvery must be positive");
        }
    }
}
