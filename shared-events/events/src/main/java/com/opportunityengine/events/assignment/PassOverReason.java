package com.opportunityengine.events.assignment;

/** Why a member of a rule's pool did not get the opportunity. */
public enum PassOverReason {
    /** An absence of theirs covers the assignment's time. */
    ABSENT,
    /** They own {@code maxOpen} open opportunities already. */
    AT_CAPACITY,
    /** Named by the rule but not (or no longer) a member of its team. */
    NOT_IN_TEAM,
    /** They hold neither SALES_REP nor SALES_MANAGER. */
    NO_SALES_ROLE,
    /** Their account is deactivated, or they are not a user at all. */
    DEACTIVATED,
    /** Eligible, but the strategy chose another (the tie-break says why). */
    NOT_CHOSEN
}
