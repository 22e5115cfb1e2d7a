package com.opportunityengine.query.pipeline;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/pipeline?pipeline=&owner=}. */
@RestController
class PipelineController {

    private final PipelineQueryService service;

    PipelineController(PipelineQueryService service) {
        this.service = service;
    }

    @GetMapping("/api/pipeline")
    PipelineView pipeline(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String owner) {
        return service.pipeline(pipeline, owner);
    }
}
