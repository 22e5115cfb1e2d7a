package com.opportunityengine.query.task;

import com.opportunityengine.events.opportunity.OpportunityStatus;
import java.time.Instant;

/** A follow-up task as {@code GET /api/tasks} shows it; {@code overdue} is computed at the time of the request. */
record TaskView(
        String taskId,
        String opportunityId,
        String assigneeId,
        String type,
        String description,
        Instant dueAt,
        Instant scheduledAt,
        TaskStatus status,
        Instant completedAt,
        String outcome,
        OpportunityStatus opportunityStatus,
        boolean overdue) {}
