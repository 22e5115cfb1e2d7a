package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;

/**
 * Where the weighted pipeline takes an open stage's win probability from. Until a learned model
 * exists it is the stage's default probability ({@link StageDefaultProbability}); a model replaces
 * the bean.
 */
public interface WinProbabilitySource {

    /** A probability between 0 and 1 that an opportunity open at this stage is won. */
    double probability(Pipeline pipeline, Stage stage);
}
