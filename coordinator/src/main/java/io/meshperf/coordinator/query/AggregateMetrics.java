package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.ResultCheck;
import io.meshperf.coordinator.aggregation.Stats;
import io.meshperf.coordinator.aggregation.Tax;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus-friendly gauges of the coordinator's cluster, from the last complete window of one
 * size: per path and test (never per pair, so the label count stays bounded whatever the cluster
 * size) the cluster-wide latency and bandwidth summaries from the merged histograms, result and
 * failure counts, the success ratio, pairs failing, and the overlay and Service taxes.
 *
 * <p>Names follow Micrometer's conventions ({@code meshperf.aggregate.<what>}, base units seconds
 * and bytes), tags are {@code path}, {@code test} and, for failures, {@code status}. A gauge reads
 * NaN while its figure is unknown. {@link #refresh()} reads the stores and blocks, so run it from a
 * worker timer (every 15 s suits a 1 min window); gauges only read the last snapshot and never block.
 */
public final class AggregateMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateMetrics.class);
    private static final double NS_PER_SECOND = 1e9;
    private static final List<Path> PATHS = List.of(Path.NODE_TO_NODE, Path.POD_TO_POD, Path.POD_TO_SERVICE);
    private static final List<TestType> TESTS = List.of(TestType.TCP_BW, TestType.TCP_LAT, TestType.UDP_BW,
            TestType.UDP_LAT);

    private final AggregateQueries queries;
    private final String cluster;
    private final Duration window;
    private volatile Map<String, PathTestSummary> snapshot = Map.of();

    /** Gauges of {@code cluster}'s windows of {@code window} size, read through {@code queries}. */
    public AggregateMetrics(AggregateQueries queries, String cluster, Duration window) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.window = Objects.requireNonNull(window, "window");
    }

    /** Registers every gauge with {@code registry} (the injected one, never the global registry). */
    public AggregateMetrics bind(MeterRegistry registry) {
        for (Path path : PATHS) {
            for (TestType test : TESTS) {
                Tags tags = Tags.of("path", path.name(), "test", test.name());
                String row = key(path, test);
                gauge(registry, "meshperf.aggregate.results", tags, "results", "Results in the last complete window",
                        row, s -> s.figures().count());
                gauge(registry, "meshperf.aggregate.success.ratio", tags, null,
                        "OK results over attempted ones (skipped jobs excluded)", row,
                        s -> orNaN(s.figures().successRatio()));
                gauge(registry, "meshperf.aggregate.pairs.failing", tags, "pairs",
                        "Node pairs with at least one failed attempt", row, PathTestSummary::pairsFailing);
                for (Status status : Status.values()) {
                    if (status != Status.OK) {
                        gauge(registry, "meshperf.aggregate.failures", tags.and("status", status.name()), "results",
                                "Failed results by status", row,
                                s -> s.figures().failures().getOrDefault(status.name(), 0L));
                    }
                }
                if (ResultCheck.isLatency(test)) {
                    latencyGauges(registry, tags, row);
                } else {
                    bandwidthGauges(registry, tags, row);
                }
                qperfGauges(registry, tags, row);
                if (path == Path.POD_TO_POD) {
                    taxGauges(registry, "overlay", tags, row, PathTestSummary::overlayTax, test);
                } else if (path == Path.POD_TO_SERVICE) {
                    taxGauges(registry, "service", tags, row, PathTestSummary::serviceTax, test);
                }
            }
        }
        return this;
    }

    private void latencyGauges(MeterRegistry registry, Tags tags, String row) {
        Map<String, ToDoubleFunction<Stats>> figures = Map.of("p50", Stats::p50, "p90", Stats::p90, "p99", Stats::p99,
                "p999", Stats::p999, "mean", Stats::mean, "max", Stats::max);
        figures.forEach((name, read) -> gauge(registry, "meshperf.aggregate.latency." + name, tags, "seconds",
                "Cluster-wide latency (half round trip), " + name, row,
                s -> s.figures().latencyNs() == null ? Double.NaN
                        : read.applyAsDouble(s.figures().latencyNs()) / NS_PER_SECOND));
    }

    private void bandwidthGauges(MeterRegistry registry, Tags tags, String row) {
        Map<String, ToDoubleFunction<Stats>> figures = Map.of("p50", Stats::p50, "p90", Stats::p90, "min", Stats::min,
                "mean", Stats::mean);
        figures.forEach((name, read) -> gauge(registry, "meshperf.aggregate.bandwidth." + name, tags,
                "bytes.per.second", "Cluster-wide received bandwidth, " + name, row,
                s -> s.figures().bandwidthBytesPerSec() == null ? Double.NaN
                        : read.applyAsDouble(s.figures().bandwidthBytesPerSec())));
    }

    /** qperf's msg_rate and each side's cpus used, means over the window; cpus in CPUs (1 = one CPU busy). */
    private void qperfGauges(MeterRegistry registry, Tags tags, String row) {
        gauge(registry, "meshperf.aggregate.msg.rate.mean", tags, "messages.per.second",
                "Cluster-wide mean qperf msg_rate", row, s -> orNaN(s.figures().msgRatePerSec()));
        gauge(registry, "meshperf.aggregate.cpus.used.local.mean", tags, null,
                "Mean CPUs busy on the measuring node during a test, machine-wide (qperf loc_ or send_cpus_used / 100)",
                row, s -> orNaN(s.figures().localCpusUsedPercent()) / 100);
        gauge(registry, "meshperf.aggregate.cpus.used.remote.mean", tags, null,
                "Mean CPUs busy on the serving node during a test, machine-wide (qperf rem_ or recv_cpus_used / 100)",
                row, s -> orNaN(s.figures().remoteCpusUsedPercent()) / 100);
    }

    private void taxGauges(MeterRegistry registry, String kind, Tags tags, String row,
                           java.util.function.Function<PathTestSummary, Tax> taxOf, TestType test) {
        if (ResultCheck.isLatency(test)) {
            gauge(registry, "meshperf.aggregate." + kind + ".latency.added", tags, "seconds",
                    "Median latency added over the baseline path", row,
                    s -> taxOf.apply(s) == null ? Double.NaN : orNaN(taxOf.apply(s).addedLatencyNs()) / NS_PER_SECOND);
        } else {
            gauge(registry, "meshperf.aggregate." + kind + ".bandwidth.ratio", tags, null,
                    "Median bandwidth over the baseline path's", row,
                    s -> taxOf.apply(s) == null ? Double.NaN : orNaN(taxOf.apply(s).bandwidthRatio()));
            gauge(registry, "meshperf.aggregate." + kind + ".cpu.cost.added", tags, "seconds.per.gigabyte",
                    "Send plus receive CPU cost added over the baseline path", row,
                    s -> taxOf.apply(s) == null ? Double.NaN : orNaN(taxOf.apply(s).addedCpuCostNsPerByte()));
        }
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String unit, String description, String row,
                       ToDoubleFunction<PathTestSummary> read) {
        Gauge.builder(name, this, metrics -> {
            PathTestSummary summary = metrics.snapshot.get(row);
            return summary == null ? Double.NaN : read.applyAsDouble(summary);
        }).tags(tags).baseUnit(unit).description(description).register(registry);
    }

    /**
     * Reads the last complete window and replaces the snapshot the gauges show. Blocks on store reads.
     * No data for the window empties the snapshot (gauges read NaN); a store that cannot be read now
     * keeps the previous snapshot and is logged.
     */
    public void refresh() {
        try {
            SummaryView summary = queries.summary(new SummaryQuery(cluster, window, null, false));
            Map<String, PathTestSummary> rows = new HashMap<>();
            summary.rows().forEach(row -> rows.put(key(row.path(), row.test()), row));
            snapshot = Map.copyOf(rows);
        } catch (QueryException e) {
            if (e.status() == 404) {
                snapshot = Map.of();
            } else {
                LOG.warn("Aggregate metrics keep their previous values: {}", e.getMessage());
            }
        }
    }

    private static String key(Path path, TestType test) {
        return path + "/" + test;
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
