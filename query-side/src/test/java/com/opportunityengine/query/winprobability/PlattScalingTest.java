package com.opportunityengine.query.winprobability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlattScalingTest {

    /** Rows whose true log-odds are {@code a + b·z} for a model answering z. */
    private static void feed(PlattScaling platt, Random random, int rows, double a, double b, boolean judge) {
        for (int i = 0; i < rows; i++) {
            double z = random.nextGaussian() * 1.5;
            int y = random.nextDouble() < OnlineLogistic.sigmoid(a + b * z) ? 1 : 0;
            if (judge) {
                platt.judge(z, platt.fitted(z), y, 1.0);
            }
            platt.add(z, y, 1.0);
            if (i % 100 == 99) {
                platt.refit();
            }
        }
    }

    @Test
    void anOverconfidentModelIsScaledBackAndTheScalingApplies() {
        PlattScaling platt = new PlattScaling(300, 0.01);
        feed(platt, new Random(1), 5_000, -0.5, 0.5, true);

        assertThat(platt.intercept()).isCloseTo(-0.5, within(0.15));
        assertThat(platt.slope()).isCloseTo(0.5, within(0.1));
        assertThat(platt.applies()).isTrue();
        assertThat(platt.apply(2.0)).isCloseTo(OnlineLogistic.sigmoid(-0.5 + 0.5 * 2.0), within(0.05));
    }

    @Test
    void withTooFewRowsItIsSkipped() {
        PlattScaling platt = new PlattScaling(300, 0.01);
        feed(platt, new Random(2), 200, -0.5, 0.5, true);

        assertThat(platt.rows()).isEqualTo(200);
        assertThat(platt.applies()).isFalse();
        assertThat(platt.apply(2.0)).isEqualTo(OnlineLogistic.sigmoid(2.0));
    }

    @Test
    void aCalibratedModelIsLeftAsItIs() {
        PlattScaling platt = new PlattScaling(300, 0.01);
        feed(platt, new Random(3), 5_000, 0.0, 1.0, true);

        assertThat(platt.slope()).isCloseTo(1.0, within(0.1));
        assertThat(platt.applies()).isFalse();
    }

    @Test
    void itNeverReversesTheRanking() {
        PlattScaling platt = new PlattScaling(10, 0.01);
        feed(platt, new Random(4), 3_000, 0.0, -1.0, false);

        assertThat(platt.slope()).isGreaterThan(0.0);
    }
}
