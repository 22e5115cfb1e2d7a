package com.opportunityengine.query.winprobability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void brierLogLossAndAucOfAKnownSet() {
        Metrics m = Metrics.of(new double[] {0.9, 0.6, 0.6, 0.2}, new int[] {1, 1, 0, 0});

        assertThat(m.n()).isEqualTo(4);
        assertThat(m.brier()).isCloseTo((0.01 + 0.16 + 0.36 + 0.04) / 4, within(1e-12));
        assertThat(m.logLoss())
                .isCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.4) + Math.log(0.8)) / 4, within(1e-12));
        // pairs (won, lost): (0.9,0.6) 1, (0.9,0.2) 1, (0.6,0.6) tie 0.5, (0.6,0.2) 1 -> 3.5 / 4
        assertThat(m.auc()).isCloseTo(0.875, within(1e-12));
    }

    @Test
    void certaintyThatTurnsOutWrongCostsAClippedNotAnInfiniteLogLoss() {
        Metrics m = Metrics.of(new double[] {0.0}, new int[] {1});
        assertThat(m.logLoss()).isCloseTo(-Math.log(1e-6), within(1e-9));
        assertThat(m.auc()).isNull();
    }

    @Test
    void calibrationBinsCountMeanAndObservedRate() {
        Metrics m = Metrics.of(new double[] {0.71, 0.75, 0.79, 1.0, 0.05}, new int[] {1, 1, 0, 1, 0});

        CalibrationBin seventy = m.calibration().get(7);
        assertThat(seventy.count()).isEqualTo(3);
        assertThat(seventy.meanPredicted()).isCloseTo(0.75, within(1e-12));
        assertThat(seventy.observedRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.calibration().get(9).count()).isEqualTo(1);
        assertThat(m.calibration().get(0).count()).isEqualTo(1);
        assertThat(m.calibration().get(4).meanPredicted()).isNull();
    }
}
