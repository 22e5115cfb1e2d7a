package com.opportunityengine.events.deal;

/** How a deal ended. */
public enum DealOutcome {
    BOOKED,
    LOST
}
