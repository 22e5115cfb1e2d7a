package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;

/** Reads the {@code pipeline} query parameter: {@code default} when absent, rejected when malformed or unknown. */
public final class PipelineParameter {

    private PipelineParameter() {}

    /** The named pipeline, or null after rejecting the parameter. */
    public static Pipeline resolve(String param, PipelineCatalog pipelines, InvalidQueryParameters invalid) {
        String value = param == null || param.isBlank() ? PipelineId.DEFAULT.value() : param;
        try {
            Pipeline found = pipelines.find(PipelineId.of(value)).orElse(null);
            if (found == null) {
                invalid.reject("pipeline", "unknown pipeline: " + value);
            }
            return found;
        } catch (IllegalArgumentException e) {
            invalid.reject("pipeline", e.getMessage());
            return null;
        }
    }
}
