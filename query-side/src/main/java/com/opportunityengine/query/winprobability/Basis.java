package com.opportunityengine.query.winprobability;

/** Where a win probability came from. */
public enum Basis {
    /** The pipeline's default probability for the stage: nothing closed had visited it yet. */
    STAGE_DEFAULT,
    /** P(won | at stage) learned from the stages closed opportunities actually visited, smoothed toward the default. */
    STAGE_RATE,
    /** The stage rate adjusted by a calibrated logistic model over point-in-time features. */
    FEATURES
}
