package com.opportunityengine.query.funnel;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import java.time.Duration;
import java.time.Instant;

/** Folds one opportunity's events into its {@link FunnelState}; pure, never mutates its input. */
final class FunnelFold {

    private FunnelFold() {}

    /** True when the event can change the funnel; the others are skipped without touching the store. */
    static boolean matters(OpportunityEvent event) {
        return event instanceof OpportunityCreated
                || event instanceof StageChanged
                || event instanceof OpportunityLost
                || event instanceof OpportunityReopened
                || event instanceof OpportunityConverted
                || event instanceof OwnerAssigned
                || event instanceof OpportunityDetailsUpdated;
    }

    static FunnelState apply(FunnelState before, OpportunityEvent event) {
        FunnelState s = before.copy();
        if (event instanceof OpportunityCreated e) {
            s.pipeline = e.pipeline().value();
            s.createdAt = e.occurredAt();
            s.owner = e.ownerId() == null ? "" : e.ownerId().value();
            s.source = e.source() == null ? "" : e.source();
            s.status = OpportunityStatus.OPEN;
            s.currentOrder = e.stageOrder();
            s.highestOrder = e.stageOrder();
            s.expectedCloseDate = e.expectedCloseDate();
            enter(s, e.stageOrder(), e.occurredAt());
            return s;
        }
        if (!s.exists()) {
            return s; // an event of an opportunity this projection never saw created: nothing to count
        }
        if (event instanceof StageChanged e) {
            leave(s, e.occurredAt());
            boolean backward = e.direction() == StageDirection.BACKWARD || e.toOrder() < s.currentOrder;
            if (backward) {
                s.history.add(FunnelCounter.backwardFrom(s.currentOrder), 1);
                s.history.add(FunnelCounter.BACKWARD_MOVES, 1);
            }
            s.currentOrder = e.toOrder();
            s.highestOrder = Math.max(s.highestOrder, e.toOrder());
            enter(s, e.toOrder(), e.occurredAt());
        } else if (event instanceof OpportunityLost e) {
            leave(s, e.occurredAt());
            s.status = OpportunityStatus.LOST;
            s.closedAt = e.occurredAt();
        } else if (event instanceof OpportunityConverted e) {
            leave(s, e.occurredAt());
            s.status = OpportunityStatus.WON;
            s.closedAt = e.occurredAt();
        } else if (event instanceof OpportunityReopened e) {
            s.status = OpportunityStatus.OPEN;
            s.closedAt = null;
            int order = e.stageOrder() > 0 ? e.stageOrder() : s.currentOrder;
            s.currentOrder = order;
            s.highestOrder = Math.max(s.highestOrder, order);
            enter(s, order, e.occurredAt());
        } else if (event instanceof OwnerAssigned e) {
            s.owner = e.ownerId().value();
        } else if (event instanceof OpportunityDetailsUpdated e) {
            if (e.source() != null) {
                s.source = e.source();
            }
            if (e.expectedCloseDate() != null) {
                if (s.expectedCloseDate != null && e.expectedCloseDate().isAfter(s.expectedCloseDate)) {
                    s.history.add(FunnelCounter.CLOSE_DATE_PUSHES, 1);
                }
                s.expectedCloseDate = e.expectedCloseDate();
            }
        }
        return s;
    }

    private static void enter(FunnelState s, int order, Instant at) {
        s.stageEnteredAt = at;
        s.history.add(FunnelCounter.entered(order), 1);
    }

    /** Completes the current stay, if one is running (an open opportunity is always in a stay). */
    private static void leave(FunnelState s, Instant at) {
        if (s.stageEnteredAt == null || s.status != OpportunityStatus.OPEN) {
            return;
        }
        long seconds = Math.max(0, Duration.between(s.stageEnteredAt, at).getSeconds());
        int order = s.currentOrder;
        s.history.add(FunnelCounter.exited(order), 1);
        s.history.add(FunnelCounter.staySeconds(order), seconds);
        s.history.add(FunnelCounter.stayDays(order, seconds / 86_400), 1);
        s.stageEnteredAt = null;
    }
}
