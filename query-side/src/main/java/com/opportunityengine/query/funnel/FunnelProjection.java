package com.opportunityengine.query.funnel;

import com.opportunityengine.store.ReadModels;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.util.Objects;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Maintains the funnel's delta documents from the opportunity events (business time), idempotent by
 * the aggregate sequence number stored with each opportunity's state.
 */
@Component
@ProcessingGroup(FunnelProjection.NAME)
class FunnelProjection {

    static final String NAME = "funnel";

    private final FunnelStore store;
    private final FunnelLedger ledger;

    FunnelProjection(@ReadModels MongoDatabase database) {
        this.store = new MongoFunnelStore(database);
        this.ledger = new FunnelLedger(store);
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        ledger.on(event, Objects.requireNonNull(sequence, "an opportunity event carries its sequence"));
    }

    @ResetHandler
    void reset() {
        store.clear();
    }

    FunnelLedger ledger() {
        return ledger;
    }
}
