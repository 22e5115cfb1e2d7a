package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.PipelineId;
import java.util.List;

/**
 * A point-in-time backtest: over all rows, the model's metrics and the default probabilities' ({@code baseline}),
 * the same per cutoff, and the rows themselves when asked for.
 */
public record BacktestReport(
        PipelineId pipeline, Metrics model, Metrics baseline, List<CutoffResult> perCutoff, List<ScoredRow> details) {}
