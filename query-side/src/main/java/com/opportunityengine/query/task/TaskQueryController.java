package com.opportunityengine.query.task;

import com.opportunityengine.store.ReadModels;
import java.time.Clock;
import java.time.Instant;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.readmodel.VisibleOpportunities;
import com.opportunityengine.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Follow-up tasks, by assignee, overdue or not. */
@RestController
class TaskQueryController {

    private final TaskRepository tasks;
    private final CurrentUser currentUser;
    private final VisibleOpportunities visible;
    private final Clock clock;

    TaskQueryController(@ReadModels MongoDatabase database, CurrentUser currentUser, VisibleOpportunities visible,
                        Clock clock) {
        this.tasks = new TaskRepository(database);
        this.currentUser = currentUser;
        this.visible = visible;
        this.clock = clock;
    }

    @GetMapping("/api/tasks")
    TaskListPage tasks(@RequestParam(name = "assignee", required = false) String assignee,
                       @RequestParam(name = "overdue", required = false) String overdue,
                       @RequestParam(name = "page", required = false) Integer page,
                       @RequestParam(name = "size", required = false) Integer size) {
        UserId assigneeId = QueryParams.parse("assignee", assignee, UserId::of);
        Boolean overdueOnly = QueryParams.bool("overdue", overdue);
        int pageNumber = QueryParams.page(page);
        int pageSize = QueryParams.size(size);
        Instant now = clock.instant();
        // a rep or manager sees the tasks of the opportunities they see
        TaskPage found = tasks.search(assigneeId == null ? null : assigneeId.toString(), overdueOnly, now,
                visible.ids(currentUser.scope()), pageNumber, pageSize);
        return new TaskListPage(found.items().stream().map(task -> new TaskView(task.taskId, task.opportunityId,
                task.assigneeId, task.type, task.description, task.dueAt, task.scheduledAt, task.status,
                task.completedAt, task.outcome, task.opportunityStatus, task.overdue(now))).toList(),
                pageNumber, pageSize, found.total());
    }
}
