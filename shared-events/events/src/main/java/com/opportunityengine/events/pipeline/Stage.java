package com.opportunityengine.events.pipeline;

import java.util.Objects;

/**
 * An open stage of a pipeline. Its order is its position in the pipeline (1-based); the
 * default probability is the pipeline's prior that an opportunity at this stage is won.
 */
public record Stage(StageCode code, String name, String nameZh, double defaultProbability) {

    public Stage {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        if (!(defaultProbability >= 0.0 && defaultProbability <= 1.0)) {
            throw new IllegalArgumentException("a default probability lies between 0 and 1");
        }
    }
}
