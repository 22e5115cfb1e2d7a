package com.opportunityengine.command.email.web;

import com.opportunityengine.events.email.SequenceId;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The body of {@code POST /api/opportunities/{id}/sequence}: the sequence to enrol the opportunity in, and the
 * version whose steps it gets (null: the latest at enrolment).
 */
record EnrolRequest(
        @NotNull @Schema(type = "string", format = "uuid") SequenceId sequenceId,

        @Positive @Schema(description = "The sequence version to pin (default: the latest at enrolment)", minimum = "1")
        Integer sequenceVersion) {}
