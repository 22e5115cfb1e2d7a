package com.opportunityengine.query.pipeline;

import com.opportunityengine.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/pipeline?pipeline=&owner=}, over the owners the reader sees. */
@RestController
class PipelineController {

    private final PipelineQueryService service;
    private final CurrentUser currentUser;

    PipelineController(PipelineQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/pipeline")
    PipelineView pipeline(
            @RequestParam(required = false) String pipeline, @RequestParam(required = false) String owner) {
        return service.pipeline(pipeline, owner, currentUser.scope());
    }
}
