package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.pipeline.StageCode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/opportunities/{id}/stage}; a backward move needs a reason. */
record AdvanceStageRequest(
        @NotNull StageCode stage, @Size(max = 4000) String reason, Instant occurredAt) {}
