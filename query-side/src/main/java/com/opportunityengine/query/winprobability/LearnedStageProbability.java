package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.query.pipeline.WinProbabilitySource;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The weighted pipeline's probabilities from the learned model: each open stage's P(won | at the stage), smoothed
 * toward the stage default (which it equals until an opportunity that was at the stage has closed). Read at query
 * time from the live learner; the pipeline projection itself never asks for it.
 */
@Component
@Primary
class LearnedStageProbability implements WinProbabilitySource {

    private final WinProbabilityModels models;

    LearnedStageProbability(WinProbabilityModels models) {
        this.models = models;
    }

    @Override
    public double probability(Pipeline pipeline, Stage stage) {
        int order = pipeline.order(stage.code());
        return order == 0 ? stage.defaultProbability() : models.stageProbability(pipeline, order);
    }
}
