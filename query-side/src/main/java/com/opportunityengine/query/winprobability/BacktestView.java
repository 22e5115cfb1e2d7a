package com.opportunityengine.query.winprobability;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/win-probability/backtest}: over every scored (opportunity, cutoff) row the model's metrics with the
 * Brier decomposition and the calibration table, the same on the same rows for the pipeline's default probabilities
 * ({@code baseline}), the stage order alone ({@code stageOrder}) and the visited-stage rate ({@code
 * visitedStageRate}), per cutoff, and the rows with {@code details}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BacktestView(
        String pipeline,
        List<Instant> cutoffs,
        long n,
        Double brier,
        Double logLoss,
        Double auc,
        Double reliability,
        Double resolution,
        Double uncertainty,
        List<MetricsView.CalibrationBinView> calibration,
        MetricsView baseline,
        MetricsView stageOrder,
        MetricsView visitedStageRate,
        List<CutoffView> perCutoff,
        List<DetailRow> details) {

    /** The rows scored at one cutoff. */
    record CutoffView(Instant cutoff, long n, Double brier, Double logLoss, Double auc, MetricsView baseline) {}

    /** One opportunity scored at one cutoff, and how it ended. */
    record DetailRow(
            String opportunityId,
            Instant cutoff,
            String stage,
            Double probability,
            Double baselineProbability,
            Double stageOrderProbability,
            Double visitedStageRate,
            String basis,
            String outcome) {}

    static BacktestView of(BacktestReport r, List<Instant> cutoffs, boolean details) {
        MetricsView model = MetricsView.of(r.model());
        return new BacktestView(
                r.pipeline().value(),
                cutoffs,
                model.n(),
                model.brier(),
                model.logLoss(),
                model.auc(),
                model.reliability(),
                model.resolution(),
                model.uncertainty(),
                model.calibration(),
                MetricsView.of(r.baseline()),
                MetricsView.of(r.stageOrder()),
                MetricsView.of(r.visitedStageRate()),
                r.perCutoff().stream()
                        .map(c -> {
                            MetricsView m = MetricsView.of(c.model());
                            return new CutoffView(
                                    c.cutoff(), m.n(), m.brier(), m.logLoss(), m.auc(), MetricsView.of(c.baseline()));
                        })
                        .toList(),
                details
                        ? r.details().stream()
                                .map(d -> new DetailRow(
                                        d.opportunityId().toString(),
                                        d.cutoff(),
                                        d.stage() == null ? null : d.stage().value(),
                                        Rounding.round(d.probability()),
                                        Rounding.round(d.baselineProbability()),
                                        Rounding.round(d.stageOrderProbability()),
                                        Rounding.round(d.visitedStageRate()),
                                        d.basis().name(),
                                        d.outcome()))
                                .toList()
                        : null);
    }
}
