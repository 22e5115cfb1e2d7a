package com.opportunityengine.command.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One version of an email sequence: immutable once saved; a new save under the same id is the next version. Each
 * step sends its template version after its delay, counted from the step before it (the first from the enrolment),
 * in business time.
 */
public record EmailSequence(
        String sequenceId, int version, String name, List<Step> steps, Instant createdAt, String createdBy) {

    public EmailSequence {
        steps = List.copyOf(steps);
    }

    /** A step: the template version it sends (the template's latest when the sequence was saved), and its delay. */
    public record Step(String templateId, int templateVersion, Duration delay) {}
}
