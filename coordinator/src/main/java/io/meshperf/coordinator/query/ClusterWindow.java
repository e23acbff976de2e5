package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.LoadBalanceSplit;
import io.meshperf.coordinator.aggregation.Tax;
import io.meshperf.coordinator.aggregation.TestWindow;
import io.meshperf.coordinator.aggregation.WindowFigures;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.ResultKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every pair's window of one cluster over one window, gathered from a scan, and the summary rows
 * computed from them: merged histograms per path and test, connectivity, taxes, load-balancing
 * splits and the worst pairs. Pure; mutable while being filled, confined to one query's thread.
 */
final class ClusterWindow {

    private static final int WORST_PAIRS = 10;

    /** path → test → pair → window. */
    private final Map<Path, Map<TestType, TreeMap<PairId, TestWindow>>> windows = new EnumMap<>(Path.class);

    /** A pair of a path, sorted by source then destination. */
    record PairId(String src, String dst) implements Comparable<PairId> {
        private static final Comparator<PairId> ORDER =
                Comparator.comparing(PairId::src).thenComparing(PairId::dst);

        @Override
        public int compareTo(PairId other) {
            return ORDER.compare(this, other);
        }
    }

    /** Adds one pair's window of every test (the window objects are taken, not copied). */
    void add(ResultKey key, Map<TestType, TestWindow> tests) {
        PairId pair = new PairId(key.srcNode(), key.dstNode());
        tests.forEach((test, window) -> windows.computeIfAbsent(key.path(), p -> new EnumMap<>(TestType.class))
                .computeIfAbsent(test, t -> new TreeMap<>())
                .merge(pair, window, (a, b) -> {
                    a.addAll(b);
                    return a;
                }));
    }

    boolean isEmpty() {
        return windows.isEmpty();
    }

    /** The pairs of one path and test, or an empty map. */
    Map<PairId, TestWindow> pairs(Path path, TestType test) {
        return windows.getOrDefault(path, Map.of()).getOrDefault(test, new TreeMap<>());
    }

    /** Every pair of one path and test merged into one window, or null when there are none. */
    TestWindow merged(Path path, TestType test) {
        Map<PairId, TestWindow> pairs = pairs(path, test);
        if (pairs.isEmpty()) {
            return null;
        }
        TestWindow merged = new TestWindow();
        pairs.values().forEach(merged::addAll);
        return merged;
    }

    /**
     * One row per path and test with results, in path then test order.
     *
     * @param serviceWeights configured backend weights per Service; they take precedence
     * @param knownBackends the backends known behind a Service (empty when none are), added to the
     *     observed ones for an even split
     */
    List<PathTestSummary> rows(boolean excludeBusy, Map<String, Map<String, Double>> serviceWeights,
                               Function<String, Set<String>> knownBackends) {
        List<PathTestSummary> rows = new ArrayList<>();
        windows.forEach((path, tests) -> tests.forEach((test, pairs) ->
                rows.add(row(path, test, pairs, excludeBusy, serviceWeights, knownBackends))));
        return rows;
    }

    private PathTestSummary row(Path path, TestType test, Map<PairId, TestWindow> pairs, boolean excludeBusy,
                                Map<String, Map<String, Double>> serviceWeights,
                                Function<String, Set<String>> knownBackends) {
        WindowFigures figures = WindowFigures.of(merged(path, test), excludeBusy);
        List<PairFigure> pairFigures = new ArrayList<>();
        int failing = 0;
        int down = 0;
        for (Map.Entry<PairId, TestWindow> entry : pairs.entrySet()) {
            WindowFigures f = WindowFigures.of(entry.getValue(), excludeBusy);
            if (f.failing()) {
                failing++;
                if (f.successRatio() == 0.0) {
                    down++;
                }
            }
            pairFigures.add(new PairFigure(entry.getKey().src(), entry.getKey().dst(), f.successRatio(),
                    f.latencyNs() == null ? null : f.latencyNs().p99(),
                    f.bandwidthBytesPerSec() == null ? null : f.bandwidthBytesPerSec().p50(), f.count()));
        }
        pairFigures.sort(worstFirst());
        Tax overlay = path == Path.POD_TO_POD ? tax(Path.NODE_TO_NODE, path, test, excludeBusy) : null;
        Tax service = path == Path.POD_TO_SERVICE ? tax(Path.POD_TO_POD, path, test, excludeBusy) : null;
        List<ServiceSplit> splits = path == Path.POD_TO_SERVICE ? splits(pairs, serviceWeights, knownBackends)
                : List.of();
        return new PathTestSummary(path, test, figures, pairs.size(), failing, down, overlay, service, splits,
                pairFigures.subList(0, Math.min(WORST_PAIRS, pairFigures.size())));
    }

    private Tax tax(Path baseline, Path measured, TestType test, boolean excludeBusy) {
        TestWindow base = merged(baseline, test);
        TestWindow other = merged(measured, test);
        return base == null || other == null ? null
                : Tax.between(WindowFigures.of(base, excludeBusy), WindowFigures.of(other, excludeBusy));
    }

    private static List<ServiceSplit> splits(Map<PairId, TestWindow> pairs, Map<String, Map<String, Double>> weights,
                                             Function<String, Set<String>> knownBackends) {
        Map<String, Map<String, Long>> served = new TreeMap<>();
        pairs.forEach((pair, window) -> window.servedBy().forEach((backend, n) ->
                served.computeIfAbsent(pair.dst(), s -> new TreeMap<>()).merge(backend, n, Long::sum)));
        List<ServiceSplit> splits = new ArrayList<>();
        served.forEach((service, observed) -> {
            LoadBalanceSplit split = LoadBalanceSplit.of(observed, weights.getOrDefault(service, Map.of()),
                    knownBackends.apply(service));
            if (split != null) {
                splits.add(new ServiceSplit(service, split));
            }
        });
        return splits;
    }

    /** Lowest success ratio first; then highest p99 latency, then lowest median bandwidth. */
    private static Comparator<PairFigure> worstFirst() {
        return Comparator.comparing((PairFigure p) -> p.successRatio() == null ? 1.0 : p.successRatio())
                .thenComparing(p -> p.latencyP99Ns() == null ? 0.0 : -p.latencyP99Ns())
                .thenComparing(p -> p.bandwidthP50BytesPerSec() == null ? Double.MAX_VALUE
                        : p.bandwidthP50BytesPerSec())
                .thenComparing(PairFigure::src).thenComparing(PairFigure::dst);
    }
}
