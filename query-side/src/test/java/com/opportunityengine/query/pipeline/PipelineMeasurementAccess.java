package com.opportunityengine.query.pipeline;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;

/**
 * Lets the funnel measurement drive the (package-private) pipeline projection logic: events go
 * through {@link PipelineProjection} into an in-memory store, which is then bulk-loaded into MongoDB and
 * queried there.
 */
public final class PipelineMeasurementAccess {

    private final InMemoryPipelineTotalsStore memory = new InMemoryPipelineTotalsStore();
    private final PipelineProjection projection = new PipelineProjection(memory);
    private PipelineQueryService service;
    private PipelineQueryService reference;

    public void on(OpportunityEvent event, long sequence) {
        projection.on(event, sequence);
    }

    public void load(MongoDatabase database) {
        memory.copyTo(database);
        service = new PipelineQueryService(
                PipelineCatalog.defaultOnly(), new StageDefaultProbability(), new MongoPipelineTotalsStore(database));
        reference = new PipelineQueryService(PipelineCatalog.defaultOnly(), new StageDefaultProbability(), memory);
    }

    public Object query(String owner) {
        return service.pipeline(null, owner);
    }

    public boolean sameAsInMemory(String owner) {
        return service.pipeline(null, owner).equals(reference.pipeline(null, owner));
    }
}
