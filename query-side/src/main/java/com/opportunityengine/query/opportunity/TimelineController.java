package com.opportunityengine.query.opportunity;

import java.time.Clock;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.readmodel.VersionWait;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import org.springframework.beans.factory.ObjectProvider;
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
    private final Clock clock;

    TimelineController(MongoDatabase database, QueryProperties properties, ObjectProvider<Clock> clock) {
        this.timeline = new TimelineRepository(database);
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
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
                    properties.minVersionTimeout(), clock);
        } catch (VersionWait.Behind behind) {
            throw QueryProblems.notYetApplied("timeline", opportunityId, minVersion, properties.minVersionTimeout());
        }
        long applied = version.orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        return ResponseEntity.ok()
                .eTag("\"" + applied + "\"")
                .body(new Timeline(opportunityId, applied, timeline.entries(opportunityId)));
    }
}
