package com.opportunityengine.query.opportunity;

import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.readmodel.VersionWait;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An opportunity's timeline, optionally once it has applied a version. */
@RestController
class TimelineController {

    private final TimelineRepository timeline;
    private final QueryProperties properties;

    TimelineController(MongoDatabase database, QueryProperties properties) {
        this.timeline = new TimelineRepository(database);
        this.properties = properties;
    }

    @GetMapping("/api/opportunities/{id}/timeline")
    ResponseEntity<Timeline> timeline(@PathVariable("id") String id,
                                      @RequestParam(name = "minVersion", required = false) Long minVersion) {
        String opportunityId = QueryParams.uuid("id", id).toString();
        if (minVersion != null && minVersion < 0) {
            throw QueryProblems.badParameter("minVersion", "must be 0 or more");
        }
        Optional<Long> version;
        try {
            version = VersionWait.await(() -> timeline.version(opportunityId), v -> v, minVersion,
                    properties.minVersionTimeout());
        } catch (VersionWait.Behind behind) {
            throw QueryProblems.notYetApplied("timeline", opportunityId, minVersion, properties.minVersionTimeout());
        }
        long head = version.orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        List<TimelineEntry> entries = timeline.entries(opportunityId);
        // entries may have arrived between reading the head and the entries: answer what is shown
        long applied = entries.stream().mapToLong(TimelineEntry::sequence).max().orElse(head);
        return ResponseEntity.ok()
                .eTag("\"" + Math.max(head, applied) + "\"")
                .body(new Timeline(opportunityId, Math.max(head, applied), entries));
    }
}
