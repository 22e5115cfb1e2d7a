package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The difference one event makes to the funnel: the opportunity's contribution after it minus the
 * one before, filed under the cells (owner, source) it was in before and is in after. When the event
 * moves the opportunity to another owner or source, its whole contribution moves at that instant.
 */
record FunnelChange(String pipeline, LocalDate cohortDay, Instant occurredAt, List<CellDelta> deltas) {

    static FunnelChange between(FunnelState before, FunnelState after, Instant occurredAt) {
        List<CellDelta> deltas = new ArrayList<>();
        Counters was = before.contribution();
        Counters is = after.contribution();
        FunnelCell from = before.exists() ? FunnelCell.of(before) : FunnelCell.of(after);
        FunnelCell to = FunnelCell.of(after);
        if (from.equals(to)) {
            Counters diff = Counters.difference(is, was);
            if (!diff.isEmpty()) {
                deltas.add(new CellDelta(to, diff));
            }
        } else {
            if (!was.isEmpty()) {
                deltas.add(new CellDelta(from, new Counters().subtractAll(was)));
            }
            if (!is.isEmpty()) {
                deltas.add(new CellDelta(to, is));
            }
        }
        return new FunnelChange(after.pipeline, after.cohortDay(), occurredAt, List.copyOf(deltas));
    }

    boolean isEmpty() {
        return deltas.isEmpty();
    }
}
