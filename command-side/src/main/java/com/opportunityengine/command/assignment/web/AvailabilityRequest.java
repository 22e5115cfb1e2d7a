package com.opportunityengine.command.assignment.web;

import java.time.Instant;
import java.util.List;

/** The body of {@code PUT /api/users/{userId}/availability}: every absence of the user (replacing the ones before). */
record AvailabilityRequest(List<Period> absences) {

    record Period(Instant from, Instant to) {}
}
