package com.opportunityengine.command.email.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * The body of {@code POST /api/email-sequences}: without {@code sequenceId} a new sequence, with one its next version.
 * Each step names a template and its delay, an ISO-8601 duration such as {@code P3D}, after the step before it.
 */
record SaveSequenceRequest(
        UUID sequenceId,
        @NotBlank @Size(max = 200) String name,
        @NotNull @Size(min = 1, max = 50) List<@Valid @NotNull StepRequest> steps) {

    record StepRequest(
            @NotNull UUID templateId,
            @NotBlank @Size(max = 40) String delay) {}
}
