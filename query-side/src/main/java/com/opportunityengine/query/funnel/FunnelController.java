package com.opportunityengine.query.funnel;

import com.opportunityengine.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/funnel?pipeline=&from=&to=&owner=&source=&asOf=}, over the owners the reader sees. */
@RestController
class FunnelController {

    private final FunnelQueryService service;
    private final CurrentUser currentUser;

    FunnelController(FunnelQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/funnel")
    FunnelView funnel(
            @RequestParam(required = false) String pipeline,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String asOf) {
        return service.funnel(pipeline, from, to, owner, source, asOf, currentUser.scope());
    }
}
