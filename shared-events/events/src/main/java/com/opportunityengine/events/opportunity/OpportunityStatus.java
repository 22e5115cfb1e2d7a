package com.opportunityengine.events.opportunity;

/** An opportunity is open until it is won (converted to a deal) or lost. */
public enum OpportunityStatus {
    OPEN,
    WON,
    LOST
}
