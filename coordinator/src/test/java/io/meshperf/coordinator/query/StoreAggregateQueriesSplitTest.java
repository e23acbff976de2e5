package io.meshperf.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.coordinator.aggregation.InMemoryPairWindows;
import io.meshperf.coordinator.aggregation.LoadBalanceSplit;
import io.meshperf.coordinator.aggregation.Results;
import io.meshperf.schemas.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The summary's load-balancing split judges the window holding "now" and the last complete one
 * against the known backends, and older windows only over the backends observed then.
 */
class StoreAggregateQueriesSplitTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String SERVICE = "meshperf/meshperf-agent";
    /** Inside the window starting T0 + 1 min. */
    private static final Clock NOW = Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC);

    private final List<String> asked = new ArrayList<>();
    private final KnownBackends known = (cluster, service) -> {
        asked.add(cluster + " " + service);
        return "prod".equals(cluster) && SERVICE.equals(service) ? Set.of("ns/a", "ns/b", "ns/c") : Set.of();
    };

    /** The same split, {a: 4, c: 2}, in an older window (T0 - 1 min), the last complete one (T0) and the current one. */
    private static InMemoryPairWindows windows() {
        InMemoryPairWindows windows = new InMemoryPairWindows(List.of(MINUTE));
        for (Instant start : List.of(T0.minus(MINUTE), T0, T0.plus(MINUTE))) {
            for (int i = 0; i < 6; i++) {
                windows.add(Results.served("prod", "n" + (i % 2), SERVICE, start.plusSeconds(i), 150_000,
                        i < 4 ? "ns/a" : "ns/c"));
            }
        }
        return windows;
    }

    private static LoadBalanceSplit split(SummaryView summary) {
        return summary.rows().stream().filter(row -> row.path() == Path.POD_TO_SERVICE).findFirst().orElseThrow()
                .loadBalancing().stream().filter(s -> s.service().equals(SERVICE)).findFirst().orElseThrow().split();
    }

    @Test
    void theCurrentWindowIsJudgedOverKnownAndObservedBackends() {
        StoreAggregateQueries queries = new StoreAggregateQueries(windows(), AggregationSettings.defaults(), NOW, known);

        LoadBalanceSplit split = split(queries.summary(new SummaryQuery("prod", MINUTE, T0.plusSeconds(70), false)));

        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::backend,
                        LoadBalanceSplit.BackendShare::observed)
                .containsExactly(tuple("ns/a", 4L), tuple("ns/b", 0L), tuple("ns/c", 2L));
        assertThat(split.degreesOfFreedom()).isEqualTo(2);
        assertThat(asked).containsExactly("prod " + SERVICE);
    }

    @Test
    void theDefaultSummaryOfTheLastCompleteWindowIsJudgedOverKnownBackendsToo() {
        StoreAggregateQueries queries = new StoreAggregateQueries(windows(), AggregationSettings.defaults(), NOW, known);

        SummaryView summary = queries.summary(new SummaryQuery("prod", MINUTE, null, false));

        assertThat(summary.windowStart()).isEqualTo(T0);
        assertThat(split(summary).backends()).extracting(LoadBalanceSplit.BackendShare::backend,
                        LoadBalanceSplit.BackendShare::observed)
                .containsExactly(tuple("ns/a", 4L), tuple("ns/b", 0L), tuple("ns/c", 2L));
    }

    @Test
    void anOlderWindowIsJudgedOverTheBackendsObservedThen() {
        StoreAggregateQueries queries = new StoreAggregateQueries(windows(), AggregationSettings.defaults(), NOW, known);

        LoadBalanceSplit older = split(queries.summary(new SummaryQuery("prod", MINUTE, T0.minusSeconds(50), false)));

        assertThat(older.backends()).extracting(LoadBalanceSplit.BackendShare::backend,
                        LoadBalanceSplit.BackendShare::observed, LoadBalanceSplit.BackendShare::expectedShare)
                .containsExactly(tuple("ns/a", 4L, 0.5), tuple("ns/c", 2L, 0.5));
        assertThat(asked).isEmpty();
    }

    @Test
    void configuredWeightsKeepPrecedenceInTheCurrentWindow() {
        AggregationSettings weighted = AggregationSettings.defaults()
                .withServiceWeights(Map.of(SERVICE, Map.of("ns/a", 2.0, "ns/c", 1.0)));
        StoreAggregateQueries queries = new StoreAggregateQueries(windows(), weighted, NOW, known);

        LoadBalanceSplit split = split(queries.summary(new SummaryQuery("prod", MINUTE, T0.plusSeconds(70), false)));

        assertThat(split.expectation()).isEqualTo("configured");
        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::backend).containsExactly("ns/a", "ns/c");
        assertThat(split.pValue()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void withoutKnownBackendsTheCurrentWindowKeepsTheObservedSplit() {
        StoreAggregateQueries queries = new StoreAggregateQueries(windows(), AggregationSettings.defaults(), NOW);

        LoadBalanceSplit split = split(queries.summary(new SummaryQuery("prod", MINUTE, T0.plusSeconds(70), false)));

        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::backend).containsExactly("ns/a", "ns/c");
    }
}
