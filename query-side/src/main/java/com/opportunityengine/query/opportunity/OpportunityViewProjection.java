package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.email.EmailEvent;
import com.opportunityengine.events.email.SequenceEvent;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps the opportunity views ({@link OpportunityViewStore}): the current view of every opportunity. */
@Component
@ProcessingGroup(OpportunityViewProjection.GROUP)
class OpportunityViewProjection {

    static final String GROUP = "opportunity-views";

    private final OpportunityViewStore views;

    OpportunityViewProjection(OpportunityViewStore views) {
        this.views = views;
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        String id = event.opportunityId().toString();
        OpportunityViewState view = views.find(id).orElseGet(OpportunityViewState::new);
        if (view.version < 0 && !(event instanceof OpportunityCreated)) {
            // the log always starts a stream with its creation; anything else first is a broken stream
            throw new IllegalStateException("no view of opportunity " + id + " to apply "
                    + event.getClass().getSimpleName());
        }
        if (view.apply(event, sequence)) {
            views.save(view);
        }
    }

    /** An email event moves the view's version on (its content is the email's, not the view's). */
    @EventHandler
    void on(EmailEvent event, @SequenceNumber Long sequence) {
        passed(event.opportunityId().toString(), sequence);
    }

    /** A sequence's enrolment, unenrolment or stop moves the view's version on, as an email event does. */
    @EventHandler
    void on(SequenceEvent event, @SequenceNumber Long sequence) {
        passed(event.opportunityId().toString(), sequence);
    }

    private void passed(String id, Long sequence) {
        views.find(id).ifPresent(view -> {
            if (view.passed(sequence)) {
                views.save(view);
            }
        });
    }

    @ResetHandler
    void reset() {
        views.clear();
    }
}
