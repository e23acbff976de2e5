package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChiSquareTest {

    /** Critical values from published chi-square tables. */
    @ParameterizedTest
    @CsvSource({
        "3.841459, 1, 0.05", "6.634897, 1, 0.01", "5.991465, 2, 0.05", "9.210340, 2, 0.01",
        "18.307038, 10, 0.05", "0.0, 3, 1.0", "2.0, 2, 0.36787944117", "124.342113, 100, 0.05",
        "0.454936, 1, 0.5"})
    void pValuesMatchTables(double statistic, int dof, double p) {
        assertThat(ChiSquare.pValue(statistic, dof)).isCloseTo(p, within(1e-6));
    }

    @Test
    void lnGammaMatchesFactorials() {
        assertThat(ChiSquare.lnGamma(1)).isCloseTo(0, within(1e-12));
        assertThat(ChiSquare.lnGamma(11)).isCloseTo(Math.log(3_628_800), within(1e-9));
        assertThat(ChiSquare.lnGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> ChiSquare.pValue(-1, 1)).hasMessageContaining("statistic");
        assertThatThrownBy(() -> ChiSquare.pValue(1, 0)).hasMessageContaining("degrees of freedom");
        assertThatThrownBy(() -> ChiSquare.statistic(new long[] {1}, new double[] {0}))
                .hasMessageContaining("expected count");
    }

    @Test
    void anEvenSplitOfThreeBackendsIsTestedAgainstEvenShares() {
        LoadBalanceSplit split = LoadBalanceSplit.of(Map.of("p1", 30L, "p2", 30L, "p3", 40L), Map.of());
        assertThat(split.total()).isEqualTo(100);
        assertThat(split.expectation()).isEqualTo("even");
        assertThat(split.chiSquare()).isCloseTo(2.0, within(1e-12));
        assertThat(split.degreesOfFreedom()).isEqualTo(2);
        assertThat(split.pValue()).isCloseTo(Math.exp(-1), within(1e-9));
        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::expectedShare)
                .allSatisfy(s -> assertThat(s).isCloseTo(1.0 / 3, within(1e-12)));
    }

    @Test
    void aLopsidedSplitIsRejectedAndConfiguredWeightsAreHonoured() {
        LoadBalanceSplit lopsided = LoadBalanceSplit.of(Map.of("p1", 90L, "p2", 10L), Map.of());
        assertThat(lopsided.chiSquare()).isCloseTo(64.0, within(1e-12));
        assertThat(lopsided.pValue()).isLessThan(1e-14);

        LoadBalanceSplit weighted = LoadBalanceSplit.of(Map.of("p1", 90L, "p2", 10L), Map.of("p1", 9.0, "p2", 1.0));
        assertThat(weighted.expectation()).isEqualTo("configured");
        assertThat(weighted.chiSquare()).isCloseTo(0.0, within(1e-12));
        assertThat(weighted.pValue()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aConfiguredBackendThatServedNothingShowsAndAnUnexpectedOneFailsTheTest() {
        LoadBalanceSplit missing = LoadBalanceSplit.of(Map.of("p1", 50L), Map.of("p1", 1.0, "p2", 1.0));
        assertThat(missing.backends()).extracting(LoadBalanceSplit.BackendShare::backend, 
                LoadBalanceSplit.BackendShare::observed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p1", 50L),
                        org.assertj.core.groups.Tuple.tuple("p2", 0L));
        assertThat(missing.chiSquare()).isCloseTo(50.0, within(1e-12));

        LoadBalanceSplit unexpected = LoadBalanceSplit.of(Map.of("p1", 50L, "p9", 1L), Map.of("p1", 1.0));
        assertThat(unexpected.pValue()).isEqualTo(0.0);
        assertThat(unexpected.chiSquare()).isNull();
        assertThat(LoadBalanceSplit.of(Map.of(), Map.of())).isNull();
    }
}
