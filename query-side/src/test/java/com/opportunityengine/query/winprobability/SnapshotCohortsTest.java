package com.opportunityengine.query.winprobability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCohortsTest {

    private final SnapshotCohorts cohorts = new SnapshotCohorts();
    private final List<double[]> released = new ArrayList<>();

    private static double[] snapshot(long tick, int y) {
        double[] x = new double[PipelineStatistics.VECTOR];
        x[PipelineStatistics.TICK] = tick;
        x[PipelineStatistics.WEIGHT] = 1;
        x[PipelineStatistics.LABEL] = y;
        return x;
    }

    @Test
    void aCohortsQuickWinsWaitUntilItsSlowLossesAreKnownToo() {
        for (int i = 0; i < 20; i++) {
            cohorts.open(1);
        }
        // the quick closes are wins: held back while most of the cohort is open
        for (int i = 0; i < 5; i++) {
            cohorts.closed(1, 1, List.of(snapshot(1, 1)), released::addAll);
        }
        assertThat(released).isEmpty();
        assertThat(cohorts.heldBack()).isEqualTo(5);
        // the slow ones are losses; at 19 of 20 (95%) closed the cohort is released, wins and losses together
        for (int i = 0; i < 14; i++) {
            cohorts.closed(1, 1, List.of(snapshot(1, 0)), released::addAll);
        }
        assertThat(released).hasSize(19);
        assertThat(released.stream()
                        .mapToDouble(x -> x[PipelineStatistics.LABEL])
                        .sum())
                .isEqualTo(5);
        // a straggler of a released cohort is released when it is labelled
        cohorts.closed(1, 1, List.of(snapshot(1, 0)), released::addAll);
        assertThat(released).hasSize(20);
        assertThat(cohorts.heldBack()).isZero();
    }

    @Test
    void aCohortThatNeverResolvesIsReleasedAfterAYear() {
        cohorts.open(1);
        cohorts.open(1);
        cohorts.closed(1, 1, List.of(snapshot(1, 1)), released::addAll);
        cohorts.releaseDue(1 + SnapshotCohorts.MAX_AGE_TICKS - 1, released::addAll);
        assertThat(released).isEmpty();

        cohorts.releaseDue(1 + SnapshotCohorts.MAX_AGE_TICKS, released::addAll);
        assertThat(released).hasSize(1);
    }
}
