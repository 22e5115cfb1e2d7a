package com.opportunityengine.query.pipeline;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.readmodel.PipelineCatalog;

/** Lets the funnel measurement drive the (package-private) pipeline projection logic and query. */
public final class PipelineMeasurementAccess {

    private final PipelineLedger ledger;
    private final PipelineQueryService service;

    public PipelineMeasurementAccess(MongoDatabase database) {
        MongoPipelineTotalsStore store = new MongoPipelineTotalsStore(database);
        this.ledger = new PipelineLedger(store);
        this.service = new PipelineQueryService(PipelineCatalog.defaultOnly(), new StageDefaultProbability(), store);
    }

    public void on(OpportunityEvent event, long sequence) {
        ledger.on(event, sequence);
    }

    public Object query(String owner) {
        return service.pipeline(null, owner);
    }
}
