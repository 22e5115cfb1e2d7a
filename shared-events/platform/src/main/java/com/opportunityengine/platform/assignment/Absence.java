package com.opportunityengine.platform.assignment;

import java.time.Instant;

/** A time a user is away, from (inclusive) to (exclusive). */
public record Absence(Instant from, Instant to) {

    public boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }
}
