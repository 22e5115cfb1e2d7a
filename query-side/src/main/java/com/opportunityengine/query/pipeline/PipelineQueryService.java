package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Answers the pipeline query from the maintained totals: one read by key per stage of the pipeline. */
@Service
class PipelineQueryService {

    private final QueryPipelines pipelines;
    private final WinProbabilitySource probabilities;
    private final PipelineTotalsStore store;

    @Autowired
    PipelineQueryService(QueryPipelines pipelines, WinProbabilitySource probabilities, PipelineProjection projection) {
        this(pipelines, probabilities, projection.store());
    }

    PipelineQueryService(QueryPipelines pipelines, WinProbabilitySource probabilities, PipelineTotalsStore store) {
        this.pipelines = pipelines;
        this.probabilities = probabilities;
        this.store = store;
    }

    PipelineView pipeline(String pipelineParam, String owner) {
        InvalidQueryParameters invalid = new InvalidQueryParameters();
        Pipeline pipeline = pipelines.resolve(pipelineParam, invalid);
        if (owner != null && owner.isBlank()) {
            invalid.reject("owner", "must not be blank");
        }
        invalid.throwIfAny();
        List<String> stages = pipeline.stages().stream().map(s -> s.code().value()).toList();
        return PipelineReport.of(pipeline, store.totals(pipeline.id().value(), stages), owner, probabilities);
    }
}
