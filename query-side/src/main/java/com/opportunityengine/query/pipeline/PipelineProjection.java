package com.opportunityengine.query.pipeline;

import com.opportunityengine.store.ReadModels;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Maintains {@code qv_pipeline_totals} from the opportunity events; idempotent by aggregate sequence. */
@Component
@ProcessingGroup(PipelineProjection.NAME)
class PipelineProjection {

    static final String NAME = "pipeline";

    private final PipelineTotalsStore store;
    private final PipelineLedger ledger;

    PipelineProjection(@ReadModels MongoDatabase database) {
        this.store = new MongoPipelineTotalsStore(database);
        this.ledger = new PipelineLedger(store);
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        ledger.on(event, java.util.Objects.requireNonNull(sequence, "an opportunity event carries its sequence"));
    }

    @ResetHandler
    void reset() {
        store.clear();
    }

    PipelineTotalsStore store() {
        return store;
    }
}
