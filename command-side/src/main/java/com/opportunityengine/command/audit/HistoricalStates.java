package com.opportunityengine.command.audit;

import com.opportunityengine.command.opportunity.OpportunityState;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.email.EmailEvent;
import com.opportunityengine.events.email.SequenceEvent;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Time travel over one opportunity: its events read through Axon's event store (upcasted,
 * without snapshots), selected bitemporally and folded with the aggregate's own
 * {@link OpportunityState} fold.
 */
@Component
class HistoricalStates {

    private final EventStore eventStore;

    HistoricalStates(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * The state after the events with sequence at most {@code version}, business time
     * ({@code occurredAt}) at most {@code asOf} and record time at most {@code knownAt}; each
     * limit may be null. Unknown id, a version beyond the last and a moment before the
     * opportunity existed are all "not found".
     */
    HistoricalState stateOf(String opportunityId, Long version, Instant asOf, Instant knownAt) {
        DomainEventStream stream = eventStore.readEvents(opportunityId, 0L);
        List<OpportunityEvent> selected = new ArrayList<>();
        long last = -1;
        long lastSelected = -1;
        boolean opportunity = false;
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            last = message.getSequenceNumber();
            if (message.getPayload() instanceof EmailEvent || message.getPayload() instanceof SequenceEvent) {
                continue; // an email's delivery or a sequence is not part of the opportunity's state (docs/email.md)
            }
            if (!(message.getPayload() instanceof OpportunityEvent event)) {
                break;
            }
            opportunity = true;
            boolean inVersion = version == null || message.getSequenceNumber() <= version;
            boolean inBusinessTime = asOf == null || !event.occurredAt().isAfter(asOf);
            boolean known = knownAt == null || !message.getTimestamp().isAfter(knownAt);
            if (inVersion && inBusinessTime && known) {
                selected.add(event);
                lastSelected = message.getSequenceNumber();
            }
        }
        if (!opportunity) {
            throw notFound("No opportunity " + opportunityId + " exists.");
        }
        if (version != null && version > last) {
            throw notFound(
                    "Opportunity " + opportunityId + " has no version " + version + "; its latest is " + last + ".");
        }
        if (selected.isEmpty()) {
            throw notFound("Opportunity " + opportunityId + " did not exist yet"
                    + (asOf != null ? " as of " + asOf : "")
                    + (knownAt != null ? " as known at " + knownAt : "") + ".");
        }
        return new HistoricalState(opportunityId, lastSelected, asOf, knownAt, OpportunityState.fold(selected));
    }

    private static BusinessRuleException notFound(String message) {
        return new BusinessRuleException(ErrorCode.OPPORTUNITY_NOT_FOUND, message);
    }
}
