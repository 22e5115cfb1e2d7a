package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.pipeline.StageCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/opportunities/{id}/reopen}; without a stage, the one it was lost at. */
record ReopenRequest(@NotBlank @Size(max = 4000) String reason, StageCode stage, Instant occurredAt) {}
