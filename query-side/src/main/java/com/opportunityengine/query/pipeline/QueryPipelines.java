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

    /** The named pipeline ({@code default} when none is named), or null after rejecting the parameter. */
    default Pipeline resolve(String param, InvalidQueryParameters invalid) {
        String value = param == null || param.isBlank() ? PipelineId.DEFAULT.value() : param;
        try {
            Pipeline found = find(PipelineId.of(value)).orElse(null);
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
