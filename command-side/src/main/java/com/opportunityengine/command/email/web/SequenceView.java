package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.EmailSequence;
import java.time.Instant;
import java.util.List;

/** A sequence version as the API shows it; each step's delay an ISO-8601 duration. */
record SequenceView(
        String sequenceId, int version, String name, List<StepView> steps, Instant createdAt, String createdBy) {

    record StepView(String templateId, int templateVersion, String delay) {}

    static SequenceView of(EmailSequence sequence) {
        return new SequenceView(
                sequence.sequenceId(),
                sequence.version(),
                sequence.name(),
                sequence.steps().stream()
                        .map(step -> new StepView(
                                step.templateId(),
                                step.templateVersion(),
                                step.delay().toString()))
                        .toList(),
                sequence.createdAt(),
                sequence.createdBy());
    }
}
