package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/opportunities/{id}/tasks}. */
record ScheduleFollowUpRequest(
        TaskId taskId,
        @NotNull UserId assigneeId,
        @NotNull Instant dueAt,
        @NotNull TaskType type,
        @NotBlank @Size(max = 4000) String description,
        Instant occurredAt) {}
