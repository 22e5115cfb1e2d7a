package com.opportunityengine.command.email.web;

import com.opportunityengine.events.email.SequenceId;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /api/opportunities/{id}/sequence}: the sequence to enrol the opportunity in. */
record EnrolRequest(
        @NotNull @Schema(type = "string", format = "uuid") SequenceId sequenceId) {}
