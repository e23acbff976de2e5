package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void survivalMatchesTables() {
        // df 2 has the closed form exp(-x/2); the others are textbook critical values.
        assertThat(ChiSquare.survival(13.816, 2)).isCloseTo(0.001, within(1e-5));
        assertThat(ChiSquare.survival(4.0, 2)).isCloseTo(Math.exp(-2.0), within(1e-12));
        assertThat(ChiSquare.survival(3.841, 1)).isCloseTo(0.05, within(1e-4));
        assertThat(ChiSquare.survival(11.070, 5)).isCloseTo(0.05, within(1e-4));
        assertThat(ChiSquare.survival(0.0, 2)).isEqualTo(1.0);
    }

    @Test
    void evenSplitPassesAndLopsidedFails() {
        // The namespace lab's 3000 TCP connections over 3 backends, and a split that is far off.
        assertThat(ChiSquare.pValue(new long[] {946, 1022, 1032})).isBetween(0.05, 1.0);
        assertThat(ChiSquare.statistic(new long[] {20, 20, 20})).isZero();
        assertThat(ChiSquare.pValue(new long[] {40, 10, 10})).isLessThan(0.001);
    }
}
