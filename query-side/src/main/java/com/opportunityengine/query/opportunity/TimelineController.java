package com.opportunityengine.query.opportunity;

import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.security.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An opportunity's timeline, optionally once it has applied a version; its ETag is the version shown. */
@RestController
class TimelineController {

    private final TimelineQueryService service;
    private final CurrentUser currentUser;

    TimelineController(TimelineQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/opportunities/{id}/timeline")
    ResponseEntity<Timeline> timeline(
            @PathVariable("id") String id, @RequestParam(name = "minVersion", required = false) Long minVersion) {
        String opportunityId = QueryParams.uuid("id", id).toString();
        if (minVersion != null && minVersion < 0) {
            throw QueryProblems.badParameter("minVersion", "must be 0 or more");
        }
        Timeline timeline = service.timeline(opportunityId, minVersion, currentUser.scope());
        return ResponseEntity.ok().eTag("\"" + timeline.version() + "\"").body(timeline);
    }
}
