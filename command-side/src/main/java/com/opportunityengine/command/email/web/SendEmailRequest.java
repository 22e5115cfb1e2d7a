package com.opportunityengine.command.email.web;

import com.opportunityengine.events.email.EmailId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** The body of {@code POST /api/opportunities/{id}/emails}. */
record SendEmailRequest(
        EmailId emailId,
        @NotNull UUID templateId,
        @Min(1) @Max(1_000_000) Integer templateVersion,
        @Size(max = 254) String to,
        Instant sendAt,
        Instant occurredAt) {}
