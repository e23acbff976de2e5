package io.meshperf.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.coordinator.aggregation.InMemoryPairWindows;
import io.meshperf.coordinator.aggregation.Results;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void gaugesShowTheLastCompleteWindowPerPathAndTestWithBoundedTags() {
        InMemoryPairWindows windows = new InMemoryPairWindows(List.of(Duration.ofMinutes(1)));
        for (int i = 0; i < 5; i++) {
            windows.add(Results.result("prod", Path.NODE_TO_NODE, TestType.TCP_LAT, "a", "n" + i, T0.plusSeconds(i),
                    Status.OK).setLatencyNs(100_000.0).setMsgRatePerSec(10_000.0 + i * 100)
                    .setLocal(Results.side(150)).setRemote(Results.side(40 + i * 10)).build());
            windows.add(Results.latency("prod", Path.POD_TO_POD, "a", "n" + i, T0.plusSeconds(i), 140_000));
        }
        windows.add(Results.failed("prod", Path.POD_TO_POD, "b", "c", T0, Status.REFUSED));
        windows.add(Results.latency("other", Path.POD_TO_POD, "a", "b", T0, 1_000_000));
        StoreAggregateQueries queries = new StoreAggregateQueries(windows, AggregationSettings.defaults(),
                Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AggregateMetrics metrics = new AggregateMetrics(queries, "prod", Duration.ofMinutes(1)).bind(registry);

        assertThat(registry.get("meshperf.aggregate.latency.p50").tags("path", "POD_TO_POD", "test", "TCP_LAT")
                .gauge().value()).isNaN();
        metrics.refresh();

        assertThat(registry.get("meshperf.aggregate.latency.p50").tags("path", "POD_TO_POD", "test", "TCP_LAT")
                .gauge().value()).isCloseTo(140e-6, within(0.2e-6));
        assertThat(registry.get("meshperf.aggregate.overlay.latency.added").tags("path", "POD_TO_POD",
                "test", "TCP_LAT").gauge().value()).isCloseTo(40e-6, within(0.2e-6));
        assertThat(registry.get("meshperf.aggregate.pairs.failing").tags("path", "POD_TO_POD", "test", "TCP_LAT")
                .gauge().value()).isEqualTo(1);
        assertThat(registry.get("meshperf.aggregate.failures").tags("path", "POD_TO_POD", "test", "TCP_LAT",
                "status", "REFUSED").gauge().value()).isEqualTo(1);
        assertThat(registry.get("meshperf.aggregate.results").tags("path", "NODE_TO_NODE", "test", "TCP_LAT")
                .gauge().value()).isEqualTo(5);
        assertThat(registry.get("meshperf.aggregate.latency.p50").tags("path", "NODE_TO_NODE", "test", "TCP_LAT")
                .gauge().getId().getBaseUnit()).isEqualTo("seconds");
        Tags nodeLatency = Tags.of("path", "NODE_TO_NODE", "test", "TCP_LAT");
        assertThat(registry.get("meshperf.aggregate.msg.rate.mean").tags(nodeLatency).gauge().value())
                .isCloseTo(10_200, within(1e-6));
        assertThat(registry.get("meshperf.aggregate.cpus.used.local.mean").tags(nodeLatency).gauge().value())
                .isCloseTo(1.5, within(1e-9));
        assertThat(registry.get("meshperf.aggregate.cpus.used.remote.mean").tags(nodeLatency).gauge().value())
                .isCloseTo(0.6, within(1e-9));
        assertThat(registry.get("meshperf.aggregate.msg.rate.mean").tags("path", "POD_TO_POD", "test", "TCP_LAT")
                .gauge().value()).as("no result reported it").isNaN();
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getName()).startsWith("meshperf.aggregate.");
            assertThat(meter.getId().getTags()).allSatisfy(tag ->
                    assertThat(tag.getKey()).isIn("path", "test", "status"));
        }
    }
}
