package com.opportunityengine.pipeline;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;
import java.util.stream.Collectors;

/**
 * The one rule of how a pipeline may change: a pipeline may only gain stages. A redefinition of a known id (the
 * {@code default} pipeline, a configured or a stored one) keeps every stage code of the known definition, in order,
 * first, and may only add stages after them (names and default probabilities of kept stages may change), because
 * events already recorded name those stages and every view folds them by their order.
 */
public final class PipelineEvolution {

    private PipelineEvolution() {}

    /**
     * Checks that {@code redefined} may replace {@code known}.
     *
     * @throws BusinessRuleException {@link ErrorCode#PIPELINE_STAGES_IN_USE} when it drops, reorders or renames a
     *                               stage code
     */
    public static void requireOnlyGainsStages(Pipeline known, Pipeline redefined) {
        if (!redefined.extendsStagesOf(known)) {
            throw new BusinessRuleException(
                    ErrorCode.PIPELINE_STAGES_IN_USE,
                    "Pipeline " + known.id() + " already has the stages " + codes(known)
                            + "; a redefinition may only append stages after them.");
        }
    }

    /** {@link #requireOnlyGainsStages} against {@link Pipeline#DEFAULT} when {@code pipeline} redefines it. */
    static void requireDefaultOnlyGainsStages(Pipeline pipeline) {
        if (pipeline.id().equals(Pipeline.DEFAULT.id())) {
            requireOnlyGainsStages(Pipeline.DEFAULT, pipeline);
        }
    }

    private static String codes(Pipeline pipeline) {
        return pipeline.stages().stream()
                .map(Stage::code)
                .map(Object::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
