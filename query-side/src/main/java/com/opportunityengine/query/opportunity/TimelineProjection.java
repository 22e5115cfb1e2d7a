package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.email.EmailEvent;
import com.opportunityengine.events.email.SequenceEvent;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps the timelines ({@link TimelineStore}): every opportunity's history, entry by entry. */
@Component
@ProcessingGroup(TimelineProjection.GROUP)
class TimelineProjection {

    static final String GROUP = "opportunity-timeline";

    private final TimelineStore timeline;

    TimelineProjection(TimelineStore timeline) {
        this.timeline = timeline;
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        timeline.append(event.opportunityId().toString(), TimelineEntries.of(event, sequence));
    }

    @EventHandler
    void on(EmailEvent event, @SequenceNumber Long sequence) {
        timeline.append(event.opportunityId().toString(), TimelineEntries.ofEmail(event, sequence));
    }

    @EventHandler
    void on(SequenceEvent event, @SequenceNumber Long sequence) {
        timeline.append(event.opportunityId().toString(), TimelineEntries.ofSequence(event, sequence));
    }

    @ResetHandler
    void reset() {
        timeline.clear();
    }
}
