package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.util.Optional;

/** The pipelines the query side knows: their stages, names and default probabilities. */
public interface PipelineCatalog {

    Optional<Pipeline> find(PipelineId id);

    /** The default probability of a stage, if its pipeline and the stage are known. */
    default Optional<Double> defaultProbability(PipelineId pipeline, StageCode stage) {
        return find(pipeline).flatMap(p -> p.stage(stage)).map(s -> s.defaultProbability());
    }

    /** Knows only {@link Pipeline#DEFAULT}. */
    static PipelineCatalog defaultOnly() {
        return id -> Pipeline.DEFAULT.id().equals(id) ? Optional.of(Pipeline.DEFAULT) : Optional.empty();
    }
}
