package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.common.UserId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code PUT /api/opportunities/{id}/owner}. */
record AssignOwnerRequest(
        @NotNull UserId ownerId, @Size(max = 4000) String reason, Instant occurredAt) {}
