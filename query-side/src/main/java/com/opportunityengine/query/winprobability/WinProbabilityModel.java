package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.PipelineId;
import java.time.Instant;
import java.util.List;

/**
 * The model of one pipeline: per-stage rates, the feature groups the adjustment currently uses (empty when the plain
 * stage rate does best), how many labelled snapshots trained it, up to which business time it was trained, and the
 * recalibration of its answers.
 */
public record WinProbabilityModel(
        PipelineId pipeline,
        List<StageEstimate> stages,
        Basis basis,
        List<String> features,
        long trainingExamples,
        Instant trainedAt,
        long eventsReplayed,
        Recalibration recalibration) {}
