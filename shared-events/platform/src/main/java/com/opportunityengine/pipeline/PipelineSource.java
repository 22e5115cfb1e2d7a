package com.opportunityengine.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import java.util.List;

/**
 * Somewhere pipelines are defined: the configuration today, pipelines stored through the API
 * later. A source answers from memory (or its own cache): {@link Pipelines} asks it on every
 * command that needs a pipeline.
 */
public interface PipelineSource {

    List<Pipeline> pipelines();
}
