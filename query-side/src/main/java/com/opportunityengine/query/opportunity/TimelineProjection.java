package com.opportunityengine.query.opportunity;

import com.opportunityengine.store.ReadModels;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps {@code qv_timeline} and {@code qv_timeline_heads}: every opportunity's history, entry by entry. */
@Component
@ProcessingGroup(TimelineProjection.GROUP)
class TimelineProjection {

    static final String GROUP = "opportunity-timeline";

    private final TimelineRepository timeline;

    TimelineProjection(@ReadModels MongoDatabase database) {
        this.timeline = new TimelineRepository(database);
        timeline.createIndexes();
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        timeline.append(event.opportunityId().toString(), TimelineEntries.of(event, sequence));
    }

    @ResetHandler
    void reset() {
        timeline.clear();
    }
}
