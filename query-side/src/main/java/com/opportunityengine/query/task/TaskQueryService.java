package com.opportunityengine.query.task;

import com.opportunityengine.query.opportunity.VisibleOpportunities;
import com.opportunityengine.security.AccessScope;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** Answers the task list from {@link TaskStore}: overdue counts against the time of the request. */
@Service
class TaskQueryService {

    private final TaskStore tasks;
    private final VisibleOpportunities visible;
    private final Clock clock;

    TaskQueryService(TaskStore tasks, VisibleOpportunities visible, Clock clock) {
        this.tasks = tasks;
        this.visible = visible;
        this.clock = clock;
    }

    /**
     * A page of tasks, soonest due first.
     *
     * @param assigneeId only this assignee's tasks; null: everyone's
     * @param overdue    true: only overdue ones now; false: only those not overdue; null: all
     */
    TaskListPage tasks(String assigneeId, Boolean overdue, int page, int size, AccessScope scope) {
        Instant now = clock.instant();
        // a rep or manager sees the tasks of the opportunities they see
        TaskPage found = tasks.search(assigneeId, overdue, now, visible.ids(scope), page, size);
        return new TaskListPage(
                found.items().stream()
                        .map(task -> new TaskView(
                                task.taskId,
                                task.opportunityId,
                                task.assigneeId,
                                task.type,
                                task.description,
                                task.dueAt,
                                task.scheduledAt,
                                task.status,
                                task.completedAt,
                                task.outcome,
                                task.opportunityStatus,
                                task.overdue(now)))
                        .toList(),
                page,
                size,
                found.total());
    }
}
