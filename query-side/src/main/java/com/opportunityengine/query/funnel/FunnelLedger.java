package com.opportunityengine.query.funnel;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The funnel read model's logic over a {@link FunnelStore}: folding an event into the opportunity's
 * state and filing the difference it makes, and summing the filed differences for a query.
 */
final class FunnelLedger {

    private final FunnelStore store;

    FunnelLedger(FunnelStore store) {
        this.store = store;
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

    /** The counters of the opportunities created in [from, to) matching owner and source, as of an instant. */
    Counters sum(String pipeline, LocalDate from, LocalDate to, String owner, String source, Instant asOf) {
        ReadPlan plan = FunnelKeys.plan(pipeline, from, to, asOf, store.meta(pipeline).orElse(null),
                FunnelCell.ownerKey(owner));
        Counters total = new Counters();
        if (!plan.sumIds().isEmpty()) {
            store.sums(plan.sumIds(), FunnelCell.sourceKey(source)).forEach(total::addAll);
        }
        if (!plan.listIds().isEmpty()) {
            for (ListedDelta entry : store.listed(plan.listIds())) {
                if (!entry.occurredAt().isAfter(plan.listCutoff()) && entry.cell().matches(owner, source)) {
                    total.addAll(entry.counters());
                }
            }
        }
        return total;
    }
}
