package com.opportunityengine.query.winprobability;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/win-probability/model}: the pipeline's model as trained so far, with its recalibration. */
record ModelView(
        String pipeline,
        String basis,
        List<String> features,
        long trainingExamples,
        Instant trainedAt,
        long eventsReplayed,
        RecalibrationView recalibration,
        List<StageModelView> stages) {

    /** The Platt recalibration: whether it applies and why, on how many snapshot-weeks, and its fit. */
    record RecalibrationView(
            String method, boolean applied, long rows, long minRows, Double intercept, Double slope, String reason) {}

    static ModelView of(WinProbabilityModel m) {
        return new ModelView(
                m.pipeline().value(),
                m.basis().name(),
                m.features(),
                m.trainingExamples(),
                m.trainedAt(),
                m.eventsReplayed(),
                new RecalibrationView(
                        m.recalibration().method(),
                        m.recalibration().applied(),
                        m.recalibration().rows(),
                        m.recalibration().minRows(),
                        Rounding.round(m.recalibration().intercept()),
                        Rounding.round(m.recalibration().slope()),
                        m.recalibration().reason()),
                m.stages().stream().map(StageModelView::of).toList());
    }
}
