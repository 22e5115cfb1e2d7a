package com.opportunityengine.events.email;

/** A permanent failure (5.x.x, suppresses at once), a transient one (4.x.x, suppresses when repeated), a complaint. */
public enum BounceType {
    HARD,
    SOFT,
    COMPLAINT
}
