package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.opportunity.OpportunityEvent;

/**
 * The pipeline totals' logic: each event moves the opportunity's contribution (1 and its amount)
 * from the total it was counted in to the one it is counted in now. Idempotent by sequence.
 */
final class PipelineLedger {

    private final PipelineTotalsStore store;

    PipelineLedger(PipelineTotalsStore store) {
        this.store = store;
    }

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
                store.add(before.pipeline(), before.stage(), before.owner(), before.currency(), -1, before.amount().negate());
            }
            if (after.counts()) {
                store.add(after.pipeline(), after.stage(), after.owner(), after.currency(), 1, after.amount());
            }
        }
        store.save(id, sequence, after);
    }
}
