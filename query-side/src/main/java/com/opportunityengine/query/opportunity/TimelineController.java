package com.opportunityengine.query.opportunity;

import com.opportunityengine.store.ReadModels;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.readmodel.VersionWait;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.security.AccessScope;
import com.opportunityengine.security.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An opportunity's timeline, optionally once it has applied a version. */
@RestController
class TimelineController {

    private final TimelineRepository timeline;
    private final OpportunityViewRepository views;
    private final QueryProperties properties;
    private final CurrentUser currentUser;

    TimelineController(@ReadModels MongoDatabase database, QueryProperties properties, CurrentUser currentUser) {
        this.timeline = new TimelineRepository(database);
        this.views = new OpportunityViewRepository(database);
        this.properties = properties;
        this.currentUser = currentUser;
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
        AccessScope scope = currentUser.scope();
        if (!scope.unrestricted() && views.find(opportunityId)
                .filter(view -> scope.sees(view.ownerId, view.team.keySet())).isEmpty()) {
            // not visible to this rep or manager (or its view lags its timeline): as if it did not exist
            throw QueryProblems.notFound("opportunity", opportunityId);
        }
        List<TimelineEntry> entries = timeline.entries(opportunityId);
        // entries may have arrived between reading the head and the entries: answer what is shown
        long applied = entries.stream().mapToLong(TimelineEntry::sequence).max().orElse(head);
        return ResponseEntity.ok()
                .eTag("\"" + Math.max(head, applied) + "\"")
                .body(new Timeline(opportunityId, Math.max(head, applied), entries));
    }
}
