package com.opportunityengine.query.winprobability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StageHazardTest {

    private static final double[] DEFAULTS = {0, 0.1, 0.25, 0.5};

    @Test
    void withoutAnyWeekObservedAStateAnswersItsStageDefault() {
        StageHazard hazard = new StageHazard(3);
        double[] incidence = hazard.winIncidence(DEFAULTS);

        assertThat(incidence[hazard.state(1, 0)]).isCloseTo(0.1, within(1e-9));
        assertThat(incidence[hazard.state(3, 400)]).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void opportunitiesThatStayedOpenAndWereLostLaterCountAgainstTheQuickWins() {
        StageHazard hazard = new StageHazard(1);
        int young = hazard.state(1, 0);
        int old = hazard.state(1, 200);
        for (int i = 0; i < 50; i++) {
            hazard.closed(young, true); // won in their first week
            hazard.goesOn(young, old); // still open, much later lost
            hazard.closed(old, false);
        }
        double[] incidence = hazard.winIncidence(new double[] {0, 0.5});

        // a rate over the closes of the first week only would say 1.0
        assertThat(incidence[young]).isCloseTo(0.5, within(0.02));
        assertThat(incidence[old]).isLessThan(0.05);
    }

    @Test
    void aWellObservedOldStateAnswersItsOwnHazardsNotTheDefault() {
        StageHazard hazard = new StageHazard(1);
        int old = hazard.state(1, 200); // 26-52 weeks, the oldest bucket seen
        for (int i = 0; i < 30; i++) {
            hazard.goesOn(old, old);
            hazard.closed(old, true); // every survivor this old was won (Olist's leads past 180 days)
        }
        double[] incidence = hazard.winIncidence(new double[] {0, 0.1});

        // prior pseudo-weeks that aged into the unseen 52+ bucket would pull this back toward the 10% default (0.94
        // here)
        assertThat(incidence[old]).isGreaterThan(0.98);
    }

    @Test
    void aHeavierPriorPullsAStateTowardItsDefault() {
        StageHazard hazard = new StageHazard(1);
        int young = hazard.state(1, 0);
        for (int i = 0; i < 4; i++) {
            hazard.closed(young, true);
        }
        double[] defaults = {0, 0.1};
        double light = hazard.winIncidence(defaults, 0)[young];
        double heavy = hazard.winIncidence(defaults, StageHazard.PRIOR_WEEKS_CHOICES.length - 1)[young];

        assertThat(light).isGreaterThan(hazard.winIncidence(defaults)[young]);
        assertThat(heavy).isLessThan(hazard.winIncidence(defaults)[young]);
        assertThat(heavy).isGreaterThan(0.1);
    }

    @Test
    void aLaterStageIsNeverScoredBelowAnEarlierOneOfTheSameAge() {
        StageHazard hazard = new StageHazard(3);
        int first = hazard.state(1, 0);
        int second = hazard.state(2, 0);
        for (int i = 0; i < 40; i++) {
            hazard.closed(first, i % 2 == 0);
            hazard.closed(second, i % 5 == 0);
        }
        double[] incidence = hazard.winIncidence(DEFAULTS);

        assertThat(incidence[second]).isGreaterThanOrEqualTo(incidence[first]);
        assertThat(incidence[hazard.state(3, 0)]).isGreaterThanOrEqualTo(incidence[second]);
    }

    @Test
    void poolAdjacentViolatorsGivesTheWeightedMonotoneFit() {
        double[] fit = Isotonic.increasing(new double[] {0.1, 0.5, 0.3, 0.7}, new double[] {1, 1, 3, 1});

        assertThat(fit).containsExactly(0.1, 0.35, 0.35, 0.7);
    }
}
