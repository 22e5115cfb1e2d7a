package com.opportunityengine.query.winprobability;

/**
 * Groups of point-in-time features the adjustment may use on top of the stage rate. Each is computed from what had
 * happened by the scoring instant only. A group is kept only while the model without it predicts worse (prequential
 * log-loss on later outcomes), so the basis reported is the set that earned its place.
 */
enum FeatureGroup {
    /** log(1 + days since entering the current stage). */
    TIME_IN_STAGE("time-in-stage", 2),
    /** Backward stage moves so far (capped at 3). */
    BACKWARD_MOVES("backward-moves", 3),
    /** Expected-close-date pushes so far (capped at 5) and whether the expected close date has passed. */
    CLOSE_DATE("close-date", 4, 5),
    /** log(amount) against the running mean of log amounts in the same currency (no exchange rates needed). */
    AMOUNT("amount", 6),
    /** The source's smoothed win rate (log-odds) against the pipeline's, from opportunities closed so far. */
    SOURCE("source", 7),
    /** log(1 + contacts logged in the last 30 days). */
    ACTIVITY("contacts-30d", 8),
    /**
     * The probability a person last set by the scoring instant (Salesforce's {@code Probability}): its log-odds
     * clamped to [0.02, 0.98], and 1 when one was given; 0 and 0 when none was.
     */
    PERSON_PROBABILITY("person-probability", 10, 11);

    /** Positions 0 (bias) and 1 (the competing-risks win incidence's log-odds) are always used; position 9 (the
     *  visited-stage rate's log-odds) is kept only to compare the bases out of sample, no model reads it. */
    static final int SIZE = 12;

    static final int VISITED_RATE_LOG_ODDS = 9;

    static final int BIAS = 0;
    static final int STAGE_LOG_ODDS = 1;

    private final String label;
    private final int[] positions;

    FeatureGroup(String label, int... positions) {
        this.label = label;
        this.positions = positions;
    }

    String label() {
        return label;
    }

    int[] positions() {
        return positions;
    }
}
