package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.util.Objects;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Maintains the pipeline totals ({@link PipelineTotalsStore}) from the opportunity events: each event moves the
 * opportunity's contribution (1 and its amount) from the total it was counted in to the one it is counted in now,
 * and keeps per owner the open opportunities they hold and when they were last given one (the workload reads both).
 * Idempotent by aggregate sequence.
 */
@Component
@ProcessingGroup(PipelineProjection.NAME)
class PipelineProjection {

    static final String NAME = "pipeline";

    private final PipelineTotalsStore store;

    PipelineProjection(PipelineTotalsStore store) {
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
        if (!PipelineFold.matters(event)) {
            return;
        }
        String id = event.opportunityId().toString();
        PipelineStored stored = store.state(id).orElse(null);
        if (stored != null && sequence <= stored.sequence()) {
            return;
        }
        PipelineState before = stored == null ? PipelineState.NONE : stored.state();
        PipelineState after = PipelineFold.apply(before, event);
        if (!after.equals(before)) {
            if (before.counts()) {
                store.add(
                        before.pipeline(),
                        before.stage(),
                        before.owner(),
                        before.currency(),
                        -1,
                        before.amount().negate());
            }
            if (after.counts()) {
                store.add(after.pipeline(), after.stage(), after.owner(), after.currency(), 1, after.amount());
            }
            String openBefore = openOwner(before);
            String openAfter = openOwner(after);
            if (!Objects.equals(openBefore, openAfter)) {
                if (openBefore != null) {
                    store.countOpen(openBefore, -1);
                }
                if (openAfter != null) {
                    store.countOpen(openAfter, 1);
                }
            }
            if (after.owner() != null
                    && !after.owner().isEmpty()
                    && !after.owner().equals(before.owner())) {
                store.assigned(after.owner(), event.occurredAt());
            }
        }
        store.save(id, sequence, after);
    }

    /** Who holds the opportunity as an open one, if anyone. */
    private static String openOwner(PipelineState state) {
        return state.open()
                        && state.pipeline() != null
                        && state.owner() != null
                        && !state.owner().isEmpty()
                ? state.owner()
                : null;
    }

    @ResetHandler
    void reset() {
        store.clear();
    }
}
