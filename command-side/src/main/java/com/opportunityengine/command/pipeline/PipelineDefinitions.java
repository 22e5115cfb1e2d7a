package com.opportunityengine.command.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.pipeline.PipelineEvolution;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.pipeline.StoredPipelines;
import java.util.Optional;

/**
 * Defines pipelines through the API. A pipeline's stages are append-only: history must keep meaning what it meant,
 * so redefining a known id (stored, configured or {@code default}) must keep its stages' codes, in order, first, and
 * may only add stages after them (names and default probabilities of kept stages may change). Definitions are
 * serialised within this process; two nodes racing on the same id are not (the last write wins).
 */
class PipelineDefinitions {

    /** The outcome of a definition: the pipeline as stored, and whether the id was new. */
    record Defined(Pipeline pipeline, boolean created) {}

    private final Pipelines pipelines;
    private final StoredPipelines stored;

    PipelineDefinitions(Pipelines pipelines, StoredPipelines stored) {
        this.pipelines = pipelines;
        this.stored = stored;
    }

    synchronized Defined define(Pipeline pipeline) {
        Optional<Pipeline> existing = pipelines.find(pipeline.id());
        if (existing.isPresent()) {
            Pipeline old = existing.get();
            PipelineEvolution.requireOnlyGainsStages(old, pipeline);
            if (pipeline.equals(old)) {
                return new Defined(old, false);
            }
        }
        stored.save(pipeline);
        return new Defined(pipeline, existing.isEmpty());
    }
}
