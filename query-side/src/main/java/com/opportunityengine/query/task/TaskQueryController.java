package com.opportunityengine.query.task;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Follow-up tasks, by assignee, overdue or not. */
@RestController
class TaskQueryController {

    private final TaskQueryService service;
    private final CurrentUser currentUser;

    TaskQueryController(TaskQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/tasks")
    TaskListPage tasks(
            @RequestParam(name = "assignee", required = false) String assignee,
            @RequestParam(name = "overdue", required = false) String overdue,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size) {
        UserId assigneeId = QueryParams.parse("assignee", assignee, UserId::of);
        Boolean overdueOnly = QueryParams.bool("overdue", overdue);
        int pageNumber = QueryParams.page(page);
        int pageSize = QueryParams.size(size);
        return service.tasks(
                assigneeId == null ? null : assigneeId.toString(),
                overdueOnly,
                pageNumber,
                pageSize,
                currentUser.scope());
    }
}
