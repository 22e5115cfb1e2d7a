package com.opportunityengine.query.task;

import com.opportunityengine.events.opportunity.OpportunityStatus;
import java.time.Instant;

/** One follow-up task as the task list keeps it. */
final class TaskState {

    String taskId;
    String opportunityId;
    String assigneeId;
    String type;
    String description;
    Instant dueAt;
    Instant scheduledAt;
    TaskStatus status;
    Instant completedAt;
    String outcome;
    OpportunityStatus opportunityStatus;

    /** Overdue: due before {@code now}, not completed, and its opportunity still open. */
    boolean overdue(Instant now) {
        return status == TaskStatus.OPEN && opportunityStatus == OpportunityStatus.OPEN && dueAt.isBefore(now);
    }
}
