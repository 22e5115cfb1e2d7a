package com.opportunityengine.query.winprobability;

/** Where a win probability came from. */
public enum Basis {
    /** The pipeline's default probability for the stage: nothing of the pipeline (or of the stage) had closed yet. */
    STAGE_DEFAULT,
    /**
     * P(won | at stage) learned from the stages closed opportunities actually visited, smoothed toward the default;
     * answers only while it beats the hazard out of sample (it ignores open opportunities, so it is biased by censoring).
     */
    STAGE_RATE,
    /**
     * The cumulative incidence of a win from the opportunity's stage and time at it, by a weekly competing-risks
     * hazard (won, lost or goes on) learned from open and closed opportunities, monotone in stage order.
     */
    HAZARD,
    /** The competing-risks incidence refined inside its stage by a logistic model over point-in-time features and the
     * stage default's log-odds (a prior whose weight is learned), fitted only on snapshots whose cohort had resolved. */
    FEATURES
}
