package com.opportunityengine.query.funnel;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.util.Objects;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Maintains the funnel's delta documents ({@link FunnelStore}) from the opportunity events (business time): folds
 * each event into the opportunity's state and files the difference it makes to its counters, idempotent by the
 * aggregate sequence number stored with each opportunity's state.
 */
@Component
@ProcessingGroup(FunnelProjection.NAME)
class FunnelProjection {

    static final String NAME = "funnel";

    private final FunnelStore store;

    FunnelProjection(FunnelStore store) {
        this.store = store;
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        on(
                event,
                Objects.requireNonNull(sequence, "an opportunity event carries its sequence")
                        .longValue());
    }

    /** Applies an event once: a sequence at or below the last one applied changes nothing. */
    void on(OpportunityEvent event, long sequence) {
        if (!FunnelFold.matters(event)) {
            return;
        }
        String id = event.opportunityId().toString();
        StoredState stored = store.state(id).orElse(null);
        if (stored != null && sequence <= stored.sequence()) {
            return;
        }
        FunnelState before = stored == null ? new FunnelState() : stored.state();
        FunnelState after = FunnelFold.apply(before, event);
        if (!after.exists()) {
            return;
        }
        FunnelChange change = FunnelChange.between(before, after, event.occurredAt());
        if (change.isEmpty()) {
            store.saveState(id, sequence, after);
        } else {
            store.record(id, sequence, after, change);
        }
    }

    @ResetHandler
    void reset() {
        store.clear();
    }
}
