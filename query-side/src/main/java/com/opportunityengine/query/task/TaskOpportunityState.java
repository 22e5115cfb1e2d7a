package com.opportunityengine.query.task;

import java.util.LinkedHashMap;
import java.util.Map;

import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;

/**
 * The follow-up tasks of one opportunity and whether it is open, folded from its events. An already
 * applied sequence number changes nothing.
 */
final class TaskOpportunityState {

    String opportunityId;
    OpportunityStatus status = OpportunityStatus.OPEN;
    long version = -1;
    final Map<String, TaskState> tasks = new LinkedHashMap<>();

    boolean apply(OpportunityEvent event, long sequence) {
        if (sequence <= version) {
            return false;
        }
        opportunityId = event.opportunityId().toString();
        if (event instanceof OpportunityCreated) {
            status = OpportunityStatus.OPEN;
        } else if (event instanceof FollowUpScheduled e) {
            TaskState task = new TaskState();
            task.taskId = e.taskId().toString();
            task.opportunityId = opportunityId;
            task.assigneeId = e.assigneeId().toString();
            task.type = e.type() == null ? null : e.type().name();
            task.description = e.description();
            task.dueAt = e.dueAt();
            task.scheduledAt = e.occurredAt();
            task.status = TaskStatus.OPEN;
            tasks.put(task.taskId, task);
        } else if (event instanceof FollowUpCompleted e) {
            TaskState task = tasks.get(e.taskId().toString());
            if (task != null) {
                task.status = TaskStatus.COMPLETED;
                task.completedAt = e.occurredAt();
                task.outcome = e.outcome();
            }
        } else if (event instanceof OpportunityLost) {
            status = OpportunityStatus.LOST;
        } else if (event instanceof OpportunityConverted) {
            status = OpportunityStatus.WON;
        } else if (event instanceof OpportunityReopened) {
            status = OpportunityStatus.OPEN;
        }
        tasks.values().forEach(task -> task.opportunityStatus = status);
        version = sequence;
        return true;
    }
}
