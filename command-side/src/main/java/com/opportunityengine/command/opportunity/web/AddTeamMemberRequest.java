package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.common.UserId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/opportunities/{id}/team}. */
record AddTeamMemberRequest(
        @NotNull UserId memberId, @NotBlank @Size(max = 100) String role, Instant occurredAt) {}
