package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Feeds the win-probability model from the event log: files each relevant event in the business-time log
 * ({@code qv_wp_seconds}) and the per-opportunity outcomes ({@code qv_wp_opportunities}), and teaches the live learner
 * when the event comes in business-time order (see {@link WinProbabilityModels}). Runs on one segment, so the live
 * learner sees the log in one order. A replay clears both collections and the learner.
 */
@Component
@ProcessingGroup(WinProbabilityProjection.GROUP)
class WinProbabilityProjection {

    public static final String GROUP = "win-probability";

    private final WinProbabilityModels models;

    WinProbabilityProjection(WinProbabilityModels models) {
        this.models = models;
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        models.record(event, sequence == null ? 0 : sequence);
        if (endOfBatch()) {
            models.publish();
        }
    }

    /** The batch's last event (or an event handled alone, as a dead-letter retry is). */
    private static boolean endOfBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return true;
        }
        return !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage();
    }

    @ResetHandler
    void reset() {
        models.reset();
    }
}
