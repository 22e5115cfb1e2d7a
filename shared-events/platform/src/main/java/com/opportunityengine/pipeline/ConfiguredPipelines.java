package com.opportunityengine.pipeline;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.events.pipeline.StageCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipelines of {@code engine.pipelines.*}, checked once at start: a bad id, stage code or
 * probability stops the engine with a message naming the property.
 */
public class ConfiguredPipelines implements PipelineSource {

    private final List<Pipeline> pipelines;

    public ConfiguredPipelines(PipelineProperties properties) {
        List<Pipeline> built = new ArrayList<>();
        properties.pipelines().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> built.add(toPipeline(entry.getKey(), entry.getValue())));
        this.pipelines = List.copyOf(built);
    }

    @Override
    public List<Pipeline> pipelines() {
        return pipelines;
    }

    private static Pipeline toPipeline(String id, PipelineProperties.PipelineSpec spec) {
        String property = "engine.pipelines." + id;
        try {
            List<PipelineProperties.StageSpec> stageSpecs = spec.stages() == null ? List.of() : spec.stages();
            List<Stage> stages = new ArrayList<>();
            for (int i = 0; i < stageSpecs.size(); i++) {
                stages.add(toStage(property + ".stages[" + i + "]", stageSpecs.get(i)));
            }
            Pipeline pipeline = new Pipeline(PipelineId.of(id), spec.name() == null ? id : spec.name(), stages);
            PipelineEvolution.requireDefaultOnlyGainsStages(pipeline);
            return pipeline;
        } catch (IllegalArgumentException | BusinessRuleException e) {
            throw new IllegalStateException(property + ": " + e.getMessage(), e);
        }
    }

    private static Stage toStage(String property, PipelineProperties.StageSpec spec) {
        if (spec.code() == null) {
            throw new IllegalArgumentException(property + ".code is missing");
        }
        if (spec.defaultProbability() == null) {
            throw new IllegalArgumentException(property + ".default-probability is missing");
        }
        return new Stage(
                StageCode.of(spec.code()),
                spec.name() == null ? spec.code() : spec.name(),
                spec.nameZh(),
                spec.defaultProbability());
    }
}
