package com.opportunityengine.events.email;

/** Why an active sequence stopped by itself. */
public enum SequenceStopReason {
    /** The customer replied to one of the opportunity's emails. */
    REPLIED,
    /** The opportunity moved to another stage. */
    STAGE_CHANGED,
    /** The opportunity was won. */
    WON,
    /** The opportunity was lost. */
    LOST,
    /** An email of the opportunity bounced. */
    BOUNCED,
    /**
     * The customer's address unsubscribed (or complained): found when the next step came due, which stops the
     * enrolment instead of sending.
     */
    UNSUBSCRIBED
}
