package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import java.util.Optional;

/**
 * The pipelines the query side answers for (stage order, names, default probabilities). Backed by the
 * command side's pipeline registry when it is present, by {@link Pipeline#DEFAULT} otherwise.
 */
public interface QueryPipelines {

    Optional<Pipeline> find(PipelineId id);
}
