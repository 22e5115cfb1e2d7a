package com.opportunityengine.query.task;

import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The follow-up tasks of one opportunity and whether it is open, folded from its events. An already
 * applied sequence number changes nothing.
 */
final class TaskOpportunityState {

    String opportunityId;
    OpportunityStatus status = OpportunityStatus.OPEN;
    long version = -1;
    final Map<String, TaskState> tasks = new LinkedHashMap<>();
    /** Tasks changed by the events applied since loading: the ones to store. */
    final Set<String> changed = new LinkedHashSet<>();

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
            changed.add(task.taskId);
        } else if (event instanceof FollowUpCompleted e) {
            TaskState task = tasks.get(e.taskId().toString());
            if (task != null) {
                task.status = TaskStatus.COMPLETED;
                task.completedAt = e.occurredAt();
                task.outcome = e.outcome();
                changed.add(task.taskId);
            }
        } else if (event instanceof OwnerAssigned e && e.movedTaskIds() != null) {
            // a hand-over moves the departing owner's open tasks with the opportunity
            for (var moved : e.movedTaskIds()) {
                TaskState task = tasks.get(moved.toString());
                if (task != null) {
                    task.assigneeId = e.ownerId().toString();
                    changed.add(task.taskId);
                }
            }
        } else if (event instanceof OpportunityLost) {
            status = OpportunityStatus.LOST;
        } else if (event instanceof OpportunityConverted) {
            status = OpportunityStatus.WON;
        } else if (event instanceof OpportunityReopened) {
            status = OpportunityStatus.OPEN;
        }
        for (TaskState task : tasks.values()) {
            if (task.opportunityStatus != status) {
                task.opportunityStatus = status;
                changed.add(task.taskId);
            }
        }
        version = sequence;
        return true;
    }
}
