package com.opportunityengine.events.assignment;

/** How an assignment rule chooses among its eligible members. */
public enum AssignmentStrategy {
    /** Take turns in a stable order (user id), continuing after the rule's last assignment. */
    ROUND_ROBIN,
    /** The member with the fewest open opportunities; ties go to the lowest user id. */
    LEAST_LOADED
}
