package com.opportunityengine.query.funnel;

import com.opportunityengine.events.opportunity.OpportunityStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the funnel needs to know about one opportunity, folded from its events in order
 * ({@link FunnelFold}). Its {@link #contribution()} is a pure function of these fields, so the
 * projection can write the difference an event makes.
 */
final class FunnelState {

    String pipeline;
    Instant createdAt;
    String owner;
    String source;
    OpportunityStatus status;
    int currentOrder;
    int highestOrder;
    Instant stageEnteredAt;
    Instant closedAt;
    LocalDate expectedCloseDate;
    /** Counters that only ever grow with what happened: stays, backward moves, close-date pushes. */
    Counters history = new Counters();

    boolean exists() {
        return createdAt != null;
    }

    LocalDate cohortDay() {
        return LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
    }

    FunnelState copy() {
        FunnelState copy = new FunnelState();
        copy.pipeline = pipeline;
        copy.createdAt = createdAt;
        copy.owner = owner;
        copy.source = source;
        copy.status = status;
        copy.currentOrder = currentOrder;
        copy.highestOrder = highestOrder;
        copy.stageEnteredAt = stageEnteredAt;
        copy.closedAt = closedAt;
        copy.expectedCloseDate = expectedCloseDate;
        copy.history = history.copy();
        return copy;
    }

    /** The opportunity's contribution to the funnel counters (see {@link FunnelCounter}). */
    Counters contribution() {
        Counters c = new Counters();
        if (!exists()) {
            return c;
        }
        c.add(FunnelCounter.CREATED, 1);
        switch (status) {
            case OPEN -> {
                c.add(FunnelCounter.OPEN, 1);
                c.add(FunnelCounter.current(currentOrder), 1);
            }
            case WON -> c.add(FunnelCounter.WON, 1);
            case LOST -> {
                c.add(FunnelCounter.LOST, 1);
                c.add(FunnelCounter.lost(highestOrder), 1);
                c.add(FunnelCounter.lostFrom(currentOrder), 1);
            }
        }
        if (status != OpportunityStatus.WON) {
            c.add(FunnelCounter.highest(highestOrder), 1);
        }
        if (status != OpportunityStatus.OPEN && closedAt != null) {
            c.add(FunnelCounter.CLOSED, 1);
            c.add(FunnelCounter.CYCLE_SECONDS, closedAt.getEpochSecond() - createdAt.getEpochSecond());
        }
        c.addAll(history);
        return c;
    }
}
