package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.StageChanged;

/** Folds an opportunity's events into its {@link PipelineState}. */
final class PipelineFold {

    private PipelineFold() {}

    static boolean matters(OpportunityEvent event) {
        return event instanceof OpportunityCreated
                || event instanceof StageChanged
                || event instanceof OpportunityLost
                || event instanceof OpportunityReopened
                || event instanceof OpportunityConverted
                || event instanceof OwnerAssigned
                || (event instanceof OpportunityDetailsUpdated u && u.amount() != null);
    }

    static PipelineState apply(PipelineState s, OpportunityEvent event) {
        if (event instanceof OpportunityCreated e) {
            return new PipelineState(
                    e.pipeline().value(),
                    e.stage().value(),
                    e.ownerId() == null ? "" : e.ownerId().value(),
                    e.amount() == null ? null : e.amount().value(),
                    e.amount() == null ? null : e.amount().currency().getCurrencyCode(),
                    true);
        }
        if (s.pipeline() == null) {
            return s;
        }
        if (event instanceof StageChanged e) {
            return s.withStage(e.toStage().value());
        }
        if (event instanceof OpportunityLost || event instanceof OpportunityConverted) {
            return s.withOpen(false);
        }
        if (event instanceof OpportunityReopened e) {
            return (e.stage() == null ? s : s.withStage(e.stage().value())).withOpen(true);
        }
        if (event instanceof OwnerAssigned e) {
            return s.withOwner(e.ownerId().value());
        }
        if (event instanceof OpportunityDetailsUpdated e && e.amount() != null) {
            return s.withAmount(e.amount().value(), e.amount().currency().getCurrencyCode());
        }
        return s;
    }
}
