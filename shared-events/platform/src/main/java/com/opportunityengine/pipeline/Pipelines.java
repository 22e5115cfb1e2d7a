package com.opportunityengine.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipelines the engine knows: {@link Pipeline#DEFAULT} plus those of every
 * {@link PipelineSource}, asked in order (the first source naming an id wins, and a source may
 * redefine {@code default} only by appending stages to it). Command handlers take it as a
 * parameter.
 */
public class Pipelines {

    private final List<PipelineSource> sources;

    public Pipelines(List<? extends PipelineSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** A registry of exactly these pipelines besides the default one (for tests and tools). */
    public static Pipelines of(Pipeline... pipelines) {
        List<Pipeline> fixed = List.of(pipelines);
        return new Pipelines(List.of(() -> fixed));
    }

    public Optional<Pipeline> find(PipelineId id) {
        for (PipelineSource source : sources) {
            for (Pipeline pipeline : source.pipelines()) {
                if (pipeline.id().equals(id)) {
                    return Optional.of(checked(pipeline));
                }
            }
        }
        return PipelineId.DEFAULT.equals(id) ? Optional.of(Pipeline.DEFAULT) : Optional.empty();
    }

    /** Every pipeline, the default one first; each id once, as {@link #find} would answer it. */
    public List<Pipeline> all() {
        Map<PipelineId, Pipeline> byId = new LinkedHashMap<>();
        byId.put(PipelineId.DEFAULT, null);
        for (PipelineSource source : sources) {
            for (Pipeline pipeline : source.pipelines()) {
                if (byId.get(pipeline.id()) == null) {
                    byId.put(pipeline.id(), checked(pipeline));
                }
            }
        }
        if (byId.get(PipelineId.DEFAULT) == null) {
            byId.put(PipelineId.DEFAULT, Pipeline.DEFAULT);
        }
        return new ArrayList<>(byId.values());
    }

    private static Pipeline checked(Pipeline pipeline) {
        PipelineEvolution.requireDefaultOnlyGainsStages(pipeline);
        return pipeline;
    }
}
