package com.opportunityengine.query.pipeline;

import com.opportunityengine.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/assignment/workload?teamId=}: ADMIN and ANALYST for any team, a SALES_MANAGER for their own (the
 * default when {@code teamId} is left out); the filter chain refuses everyone else.
 */
@RestController
class WorkloadController {

    private final WorkloadQueryService service;
    private final CurrentUser currentUser;

    WorkloadController(WorkloadQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/assignment/workload")
    WorkloadView workload(@RequestParam(required = false) String teamId) {
        return service.workload(teamId, currentUser.requireUser());
    }
}
