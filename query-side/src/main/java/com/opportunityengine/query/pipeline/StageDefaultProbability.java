package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;

/** The pipeline's own prior: each stage's default probability. */
final class StageDefaultProbability implements WinProbabilitySource {

    @Override
    public double probability(Pipeline pipeline, Stage stage) {
        return stage.defaultProbability();
    }
}
