package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.security.AccessScope;
import java.util.List;
import org.springframework.stereotype.Service;

/** Answers the pipeline query from the maintained totals: one read by key per stage of the pipeline. */
@Service
class PipelineQueryService {

    private final PipelineCatalog pipelines;
    private final WinProbabilitySource probabilities;
    private final PipelineTotalsStore store;

    PipelineQueryService(PipelineCatalog pipelines, WinProbabilitySource probabilities, PipelineTotalsStore store) {
        this.pipelines = pipelines;
        this.probabilities = probabilities;
        this.store = store;
    }

    PipelineView pipeline(String pipelineParam, String owner) {
        return pipeline(pipelineParam, owner, AccessScope.everything(""));
    }

    /**
     * The totals of what the reader sees: for a sales rep or manager, summed over the owners they
     * see (themselves and, for a manager, their team); opportunities a rep only helps on as a team
     * member are not in it, the totals being kept per owner.
     */
    PipelineView pipeline(String pipelineParam, String owner, AccessScope scope) {
        InvalidQueryParameters invalid = new InvalidQueryParameters();
        Pipeline pipeline = PipelineParameter.resolve(pipelineParam, pipelines, invalid);
        if (owner != null && owner.isBlank()) {
            invalid.reject("owner", "must not be blank");
        }
        invalid.throwIfAny();
        List<String> stages =
                pipeline.stages().stream().map(s -> s.code().value()).toList();
        List<PipelineTotal> totals = store.totals(pipeline.id().value(), stages).stream()
                .filter(total -> scope.seesOwner(total.owner()))
                .toList();
        return PipelineReport.of(pipeline, totals, owner, probabilities);
    }
}
