package com.opportunityengine.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A figure's verdict is the verdict on the ratio it reports, so the table never contradicts itself. */
class BenchResultTest {

    @Test
    void aRatioJustUnderTheTargetThatRoundsOntoItIsJudgedAsReported() {
        BenchResult result = BenchResult.against("x", 4_999.6, "commands/s", 10_000, ">= 0.5", "");
        assertThat(result.ratio()).isEqualTo(0.5);
        assertThat(result.met()).isTrue();
    }

    @Test
    void clearlyUnderOrOverIsUnmetOrMetAndNoReferenceIsNoVerdict() {
        assertThat(BenchResult.against("x", 4_900, "commands/s", 10_000, ">= 0.5", "")
                        .met())
                .isFalse();
        assertThat(BenchResult.against("x", 1.6, "ms", 1, "<= 1.5", "").met()).isFalse();
        assertThat(BenchResult.against("x", 1.4, "ms", 1, "<= 1.5", "").met()).isTrue();
        BenchResult noReference = BenchResult.against("x", 10, "ms", 0, "<= 1.5", "");
        assertThat(noReference.ratio()).isNull();
        assertThat(noReference.met()).isNull();
    }
}
