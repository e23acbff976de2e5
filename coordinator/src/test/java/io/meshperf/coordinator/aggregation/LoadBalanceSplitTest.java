package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadBalanceSplitTest {

    @Test
    void aKnownBackendThatServedNothingIsARowOfZeroAndCountsAgainstTheSplit() {
        Map<String, Long> observed = Map.of("ns/a", 4L, "ns/c", 2L);

        LoadBalanceSplit observedOnly = LoadBalanceSplit.of(observed, Map.of(), Set.of());
        LoadBalanceSplit known = LoadBalanceSplit.of(observed, Map.of(), Set.of("ns/a", "ns/b", "ns/c"));

        assertThat(observedOnly.backends()).extracting(LoadBalanceSplit.BackendShare::expectedShare)
                .containsExactly(0.5, 0.5);
        assertThat(known.expectation()).isEqualTo("even");
        assertThat(known.total()).isEqualTo(6);
        assertThat(known.backends()).extracting(LoadBalanceSplit.BackendShare::backend,
                        LoadBalanceSplit.BackendShare::observed, LoadBalanceSplit.BackendShare::share)
                .containsExactly(tuple("ns/a", 4L, 4.0 / 6), tuple("ns/b", 0L, 0.0), tuple("ns/c", 2L, 2.0 / 6));
        assertThat(known.backends()).extracting(LoadBalanceSplit.BackendShare::expectedShare)
                .allSatisfy(share -> assertThat(share).isCloseTo(1.0 / 3, within(1e-12)));
        // Expected 2 each: (4-2)²/2 + (0-2)²/2 + (2-2)²/2 = 4 on 2 degrees of freedom, p = e^-2.
        assertThat(known.chiSquare()).isCloseTo(4.0, within(1e-9));
        assertThat(known.degreesOfFreedom()).isEqualTo(2);
        assertThat(known.pValue()).isCloseTo(Math.exp(-2), within(1e-6));
        assertThat(known.pValue()).isLessThan(observedOnly.pValue());
    }

    @Test
    void evenSplitCoversObservedBackendsDiscoveryDoesNotKnowToo() {
        LoadBalanceSplit split = LoadBalanceSplit.of(Map.of("ns/a", 5L, "10.244.9.9", 5L), Map.of(),
                Set.of("ns/a", "ns/b"));

        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::backend,
                        LoadBalanceSplit.BackendShare::observed)
                .containsExactly(tuple("10.244.9.9", 5L), tuple("ns/a", 5L), tuple("ns/b", 0L));
        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::expectedShare)
                .allSatisfy(share -> assertThat(share).isCloseTo(1.0 / 3, within(1e-12)));
        assertThat(split.degreesOfFreedom()).isEqualTo(2);
    }

    @Test
    void configuredWeightsWinOverKnownBackends() {
        Map<String, Long> observed = Map.of("ns/a", 90L, "ns/c", 10L);
        Map<String, Double> weights = Map.of("ns/a", 9.0, "ns/c", 1.0);

        LoadBalanceSplit split = LoadBalanceSplit.of(observed, weights, Set.of("ns/a", "ns/b", "ns/c"));

        assertThat(split).isEqualTo(LoadBalanceSplit.of(observed, weights));
        assertThat(split.expectation()).isEqualTo("configured");
        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::backend)
                .containsExactly("ns/a", "ns/c");
        assertThat(split.pValue()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void knownBackendsAloneAreNoSplitAndMustBeGiven() {
        assertThat(LoadBalanceSplit.of(Map.of(), Map.of(), Set.of("ns/a", "ns/b"))).isNull();
        assertThatNullPointerException().isThrownBy(() -> LoadBalanceSplit.of(Map.of("ns/a", 1L), Map.of(), null))
                .withMessageContaining("known");
    }
}
