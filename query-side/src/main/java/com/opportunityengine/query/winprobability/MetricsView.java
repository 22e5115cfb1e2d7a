package com.opportunityengine.query.winprobability;

import java.util.List;

/**
 * Scores of a set of probabilities against outcomes, with the Brier decomposition (reliability, resolution,
 * uncertainty); null where nothing could be measured.
 */
record MetricsView(
        long n,
        Double brier,
        Double logLoss,
        Double auc,
        Double reliability,
        Double resolution,
        Double uncertainty,
        List<CalibrationBinView> calibration) {

    /** One calibration bin: probabilities in [from, to), how many, their mean, and the share won. */
    record CalibrationBinView(double from, double to, long count, Double meanPredicted, Double observedRate) {}

    static MetricsView of(Metrics m) {
        return new MetricsView(
                m.n(),
                Rounding.round(m.brier()),
                Rounding.round(m.logLoss()),
                Rounding.round(m.auc()),
                Rounding.round(m.reliability()),
                Rounding.round(m.resolution()),
                Rounding.round(m.uncertainty()),
                m.calibration().stream()
                        .map(b -> new CalibrationBinView(
                                b.from(),
                                b.to(),
                                b.count(),
                                Rounding.round(b.meanPredicted()),
                                Rounding.round(b.observedRate())))
                        .toList());
    }
}
