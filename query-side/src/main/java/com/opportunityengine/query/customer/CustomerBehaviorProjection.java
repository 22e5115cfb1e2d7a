package com.opportunityengine.query.customer;

import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps {@link CustomerOpportunityStore}, from which customer behaviour is computed when asked. */
@Component
@ProcessingGroup(CustomerBehaviorProjection.GROUP)
class CustomerBehaviorProjection {

    static final String GROUP = "customer-behavior";

    private final CustomerOpportunityStore opportunities;

    CustomerBehaviorProjection(CustomerOpportunityStore opportunities) {
        this.opportunities = opportunities;
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        String id = event.opportunityId().toString();
        CustomerOpportunityState state = opportunities.find(id).orElseGet(CustomerOpportunityState::new);
        if (state.version < 0 && !(event instanceof OpportunityCreated)) {
            throw new IllegalStateException("no record of opportunity " + id + " to apply "
                    + event.getClass().getSimpleName());
        }
        if (state.apply(event, sequence)) {
            opportunities.save(state);
        }
    }

    @ResetHandler
    void reset() {
        opportunities.clear();
    }
}
