package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.query.readmodel.PipelineCatalog;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Answers the pipeline query from the maintained totals: one read by key per stage of the pipeline. */
@Service
class PipelineQueryService {

    private final PipelineCatalog pipelines;
    private final WinProbabilitySource probabilities;
    private final PipelineTotalsStore store;

    @Autowired
    PipelineQueryService(PipelineCatalog pipelines, WinProbabilitySource probabilities, PipelineProjection projection) {
        this(pipelines, probabilities, projection.store());
    }

    PipelineQueryService(PipelineCatalog pipelines, WinProbabilitySource probabilities, PipelineTotalsStore store) {
        this.pipelines = pipelines;
        this.probabilities = probabilities;
        this.store = store;
    }

    PipelineView pipeline(String pipelineParam, String owner) {
        InvalidQueryParameters invalid = new InvalidQueryParameters();
        Pipeline pipeline = PipelineParameter.resolve(pipelineParam, pipelines, invalid);
        if (owner != null && owner.isBlank()) {
            invalid.reject("owner", "must not be blank");
        }
        invalid.throwIfAny();
        List<String> stages = pipeline.stages().stream().map(s -> s.code().value()).toList();
        return PipelineReport.of(pipeline, store.totals(pipeline.id().value(), stages), owner, probabilities);
    }
}
