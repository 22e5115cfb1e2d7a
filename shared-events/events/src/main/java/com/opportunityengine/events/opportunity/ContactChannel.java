package com.opportunityengine.events.opportunity;

/** How a contact with the customer happened. */
public enum ContactChannel {
    CALL,
    EMAIL,
    MEETING,
    DEMO,
    VISIT,
    MESSAGE,
    OTHER
}
