package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void twoDegreesOfFreedomHaveTheClosedFormExpMinusHalfX() {
        for (double x : new double[] {0.1, 1, 2.5, 7, 13.8}) {
            assertThat(ChiSquare.upperTail(x, 2)).isCloseTo(Math.exp(-x / 2), within(1e-12));
        }
    }

    @Test
    void matchesTabulatedCriticalValues() {
        // Standard table: P(X >= 3.841) = 0.05 with 1 df, P(X >= 11.345) = 0.01 with 3 df, 0.001 at 20.515 with 5 df.
        assertThat(ChiSquare.upperTail(3.841, 1)).isCloseTo(0.05, within(1e-4));
        assertThat(ChiSquare.upperTail(11.345, 3)).isCloseTo(0.01, within(1e-4));
        assertThat(ChiSquare.upperTail(20.515, 5)).isCloseTo(0.001, within(1e-5));
    }

    @Test
    void anEvenSplitPassesAndALopsidedOneFails() {
        assertThat(ChiSquare.pValue(new long[] {100, 100, 100})).isEqualTo(1.0);
        assertThat(ChiSquare.pValue(new long[] {98, 107, 95})).isGreaterThan(0.5);
        assertThat(ChiSquare.pValue(new long[] {150, 100, 50})).isLessThan(1e-10);
    }

    @Test
    void rejectsWhatIsNotASplit() {
        assertThatThrownBy(() -> ChiSquare.pValue(new long[] {5})).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> ChiSquare.pValue(new long[] {0, 0})).hasMessageContaining("one observation");
        assertThatThrownBy(() -> ChiSquare.logGamma(0.3)).hasMessageContaining("1/2");
    }
}
