package com.opportunityengine.query.winprobability;

/** Where a win probability came from. */
public enum Basis {
    /** The pipeline's default probability for the stage: nothing closed had visited it yet. */
    STAGE_DEFAULT,
    /** P(won | at stage) learned from the stages closed opportunities actually visited, smoothed toward the default. */
    STAGE_RATE,
    /**
     * The cumulative incidence of a win from the opportunity's stage and time at it, by a weekly competing-risks
     * hazard (won, lost or goes on) learned from open and closed opportunities, monotone in stage order.
     */
    HAZARD,
    /** The competing-risks incidence recalibrated (and refined inside its stage) by by a logistic model over point-in-time
     * features, fitted only on snapshots labelled by then. */
    FEATURES
}
