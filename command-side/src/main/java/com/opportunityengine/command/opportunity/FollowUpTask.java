package com.opportunityengine.command.opportunity;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import java.time.Instant;

/** A follow-up task of an opportunity, open or done. */
public record FollowUpTask(
        TaskId taskId,
        UserId assigneeId,
        Instant dueAt,
        TaskType type,
        String description,
        boolean completed,
        String outcome,
        Instant completedAt) {

    FollowUpTask completedAt(Instant when, String withOutcome) {
        return new FollowUpTask(taskId, assigneeId, dueAt, type, description, true, withOutcome, when);
    }

    FollowUpTask assignedTo(UserId assignee) {
        return new FollowUpTask(taskId, assignee, dueAt, type, description, completed, outcome, completedAt);
    }
}
