package com.opportunityengine.query.winprobability;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/win-probability/model}: the pipeline's model as trained so far. */
record ModelView(
        String pipeline,
        String basis,
        List<String> features,
        long trainingExamples,
        Instant trainedAt,
        long eventsReplayed,
        List<StageModelView> stages) {

    static ModelView of(WinProbabilityModel m) {
        return new ModelView(
                m.pipeline().value(),
                m.basis().name(),
                m.features(),
                m.trainingExamples(),
                m.trainedAt(),
                m.eventsReplayed(),
                m.stages().stream().map(StageModelView::of).toList());
    }
}
