package com.opportunityengine.engine;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Test only: a handler in the opportunity views' processing group that fails for one opportunity
 * while armed, standing in for a poison event.
 */
@ProcessingGroup("opportunity-views")
class PoisonPill {

    volatile String target;
    volatile boolean armed = true;

    @EventHandler
    void on(OpportunityEvent event) {
        if (armed && event.opportunityId().toString().equals(target)) {
            throw new IllegalStateException("poison for " + target);
        }
    }
}
