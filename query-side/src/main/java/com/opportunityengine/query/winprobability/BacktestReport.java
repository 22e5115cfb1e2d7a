package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.PipelineId;
import java.util.List;

/**
 * A point-in-time backtest: over all rows, the model's metrics and, on the same rows, the default probabilities'
 * ({@code baseline}), the stage order alone's and the visited-stage rate's; the model and the defaults per cutoff,
 * and the rows themselves when asked for.
 */
public record BacktestReport(
        PipelineId pipeline,
        Metrics model,
        Metrics baseline,
        Metrics stageOrder,
        Metrics visitedStageRate,
        List<CutoffResult> perCutoff,
        List<ScoredRow> details) {}
