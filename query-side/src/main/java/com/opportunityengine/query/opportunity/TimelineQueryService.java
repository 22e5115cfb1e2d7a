package com.opportunityengine.query.opportunity;

import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.security.AccessScope;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Answers an opportunity's timeline from {@link TimelineStore}, optionally once it has applied a version. */
@Service
class TimelineQueryService {

    private final TimelineStore timeline;
    private final VisibleOpportunities visible;
    private final QueryProperties properties;

    TimelineQueryService(TimelineStore timeline, VisibleOpportunities visible, QueryProperties properties) {
        this.timeline = timeline;
        this.visible = visible;
        this.properties = properties;
    }

    /**
     * The timeline once it has applied {@code minVersion} (at once when null); 404 when the opportunity has none or
     * the reader does not see it, 503 when it has not caught up in time.
     */
    Timeline timeline(String opportunityId, Long minVersion, AccessScope scope) {
        Optional<Long> version;
        try {
            // not visible to this rep or manager (or its view lags its timeline): as if it did not exist, waited
            // for exactly like an unknown id
            version = VersionWait.await(
                    () -> timeline.version(opportunityId)
                            .filter(v -> scope.unrestricted()
                                    || visible.visible(opportunityId, scope).orElse(false)),
                    v -> v,
                    minVersion,
                    properties.minVersionTimeout());
        } catch (VersionWait.Behind behind) {
            throw QueryProblems.notYetApplied("timeline", opportunityId, minVersion, properties.minVersionTimeout());
        }
        long head = version.orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        List<TimelineEntry> entries = timeline.entries(opportunityId);
        // entries may have arrived between reading the head and the entries: answer what is shown
        long applied = entries.stream().mapToLong(TimelineEntry::sequence).max().orElse(head);
        return new Timeline(opportunityId, Math.max(head, applied), entries);
    }
}
