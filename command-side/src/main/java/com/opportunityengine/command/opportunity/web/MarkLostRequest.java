package com.opportunityengine.command.opportunity.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/opportunities/{id}/lose}. */
record MarkLostRequest(
        @NotBlank @Size(max = 4000) String reason,
        @Size(max = 200) String competitor,
        Instant occurredAt) {}
