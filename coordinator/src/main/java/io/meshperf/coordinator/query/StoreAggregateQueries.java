package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.coordinator.aggregation.PairWindowReader;
import io.meshperf.coordinator.aggregation.ResultCheck;
import io.meshperf.coordinator.aggregation.Tax;
import io.meshperf.coordinator.aggregation.TestWindow;
import io.meshperf.coordinator.aggregation.WindowFigures;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.keys.ResultKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link AggregateQueries} over the aggregation's window stores ({@link PairWindowReader}). Each
 * query scans only the key range of the cluster (and path) asked for, merges the pairs' sparse
 * histograms and computes figures on the calling thread. Windows are aligned to the epoch, as Kafka
 * Streams' tumbling windows are. Thread-safe; blocks on store reads; time from the injected clock.
 *
 * <p>A summary's load-balancing splits expect an even share over the backends observed serving
 * and, for a recent window (the one holding the present by the injected clock, or the one just
 * before it, which is what a summary shows by default), also over the {@link KnownBackends} of the
 * Service: they describe the Service now, so an older window is not judged against them.
 * Configured Service weights take precedence over both.
 */
public final class StoreAggregateQueries implements AggregateQueries {

    /** Most windows one pair-history answer may hold. */
    static final int MAX_HISTORY_WINDOWS = 10_000;

    private final PairWindowReader reader;
    private final AggregationSettings settings;
    private final Clock clock;
    private final KnownBackends knownBackends;

    /** Queries over {@code reader}, with the grace and Service weights of {@code settings}; no backend known. */
    public StoreAggregateQueries(PairWindowReader reader, AggregationSettings settings, Clock clock) {
        this(reader, settings, clock, KnownBackends.NONE);
    }

    /**
     * Queries over {@code reader}, with the grace and Service weights of {@code settings}, judging
     * the recent windows' splits also against {@code knownBackends}.
     */
    public StoreAggregateQueries(PairWindowReader reader, AggregationSettings settings, Clock clock,
                                 KnownBackends knownBackends) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.knownBackends = Objects.requireNonNull(knownBackends, "knownBackends");
    }

    @Override
    public MatrixView matrix(MatrixQuery query) {
        Duration size = size(query.window());
        Instant start = windowStart(query.at(), size);
        Figure figure = query.figure() != null ? query.figure()
                : ResultCheck.isLatency(query.test()) ? Figure.LATENCY_P50 : Figure.BANDWIDTH_P50;
        Map<String, Map<String, Double>> cells = new TreeMap<>();
        TreeSet<String> destinations = new TreeSet<>();
        scan(size, query.cluster() + "/" + query.path() + "/", start, start, (key, windowStart, window) -> {
            TestWindow test = window.test(query.test());
            if (test != null) {
                cells.computeIfAbsent(key.srcNode(), s -> new TreeMap<>())
                        .put(key.dstNode(), figure.of(WindowFigures.of(test, query.excludeBusy())));
                destinations.add(key.dstNode());
            }
        });
        if (cells.isEmpty()) {
            throw QueryException.notFound("cluster", "no " + query.test() + " results on " + query.path()
                    + " for cluster '" + query.cluster() + "' in the window starting " + start);
        }
        List<String> dsts = new ArrayList<>(destinations);
        List<List<Double>> values = new ArrayList<>();
        for (Map<String, Double> row : cells.values()) {
            List<Double> line = new ArrayList<>(dsts.size());
            for (String dst : dsts) {
                line.add(row.get(dst));
            }
            values.add(line);
        }
        return new MatrixView(query.cluster(), query.path(), query.test(), size.toSeconds(), start, start.plus(size),
                figure.parameter(), figure.unit(), new ArrayList<>(cells.keySet()), dsts, values);
    }

    @Override
    public SummaryView summary(SummaryQuery query) {
        Duration size = size(query.window());
        Instant start = windowStart(query.at(), size);
        SummaryView summary = summaryAt(query.cluster(), size, start, query.excludeBusy());
        if (summary == null) {
            throw QueryException.notFound("cluster", "no results for cluster '" + query.cluster()
                    + "' in the window starting " + start);
        }
        return summary;
    }

    private SummaryView summaryAt(String cluster, Duration size, Instant start, boolean excludeBusy) {
        ClusterWindow gathered = new ClusterWindow();
        scan(size, cluster + "/", start, start, (key, windowStart, window) -> gathered.add(key, window.tests()));
        if (gathered.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        // The window holding now, or the last complete one (the default summary's): backends seldom
        // change within a window or two, and without the latter the default view would never see a
        // backend that served nothing.
        boolean recent = !now.isBefore(start) && now.isBefore(start.plus(size).plus(size));
        return new SummaryView(cluster, size.toSeconds(), start, start.plus(size), complete(start, size), excludeBusy,
                gathered.rows(excludeBusy, settings.serviceWeights(),
                        service -> recent ? knownBackends.of(cluster, service) : Set.of()));
    }

    @Override
    public PairHistoryView pairHistory(PairQuery query) {
        Duration size = size(query.window());
        Instant to = query.to() != null ? query.to() : clock.instant();
        Duration span = size.compareTo(Duration.ofHours(1)) > 0 ? size : Duration.ofHours(1);
        Instant from = query.from() != null ? query.from() : to.minus(span);
        if (Duration.between(from, to).dividedBy(size) > MAX_HISTORY_WINDOWS) {
            throw QueryException.badParameter("from", "from " + from + " to " + to + " spans more than "
                    + MAX_HISTORY_WINDOWS + " windows of " + size + "; narrow it or choose a larger window");
        }
        String key = new ResultKey(query.cluster(), query.path(), query.src(), query.dst()).toString();
        TreeMap<Instant, TestWindow> windows = new TreeMap<>();
        scan(size, key, from, to, (k, start, window) -> {
            TestWindow test = window.test(query.test());
            if (k.toString().equals(key) && test != null) {
                windows.put(start, test);
            }
        });
        if (windows.isEmpty()) {
            throw QueryException.notFound("src", "no " + query.test() + " results on " + query.path() + " from '"
                    + query.src() + "' to '" + query.dst() + "' in cluster '" + query.cluster() + "' between "
                    + from + " and " + to);
        }
        Map<Instant, TestWindow> baselines = baselines(query, size, from, to);
        List<PairWindowView> views = new ArrayList<>();
        windows.forEach((start, test) -> {
            WindowFigures figures = WindowFigures.of(test, query.excludeBusy());
            TestWindow baseline = baselines.get(start);
            Tax tax = baseline == null ? null : Tax.between(WindowFigures.of(baseline, query.excludeBusy()), figures);
            views.add(new PairWindowView(start, start.plus(size), complete(start, size), figures, tax));
        });
        return new PairHistoryView(query.cluster(), query.path(), query.test(), query.src(), query.dst(),
                size.toSeconds(), views);
    }

    /**
     * What a pair's windows are taxed against: for POD_TO_POD the same pair's NODE_TO_NODE windows,
     * for POD_TO_SERVICE the source's POD_TO_POD windows to every node merged.
     */
    private Map<Instant, TestWindow> baselines(PairQuery query, Duration size, Instant from, Instant to) {
        Map<Instant, TestWindow> baselines = new HashMap<>();
        if (query.path() == Path.POD_TO_POD) {
            String key = new ResultKey(query.cluster(), Path.NODE_TO_NODE, query.src(), query.dst()).toString();
            scan(size, key, from, to, (k, start, window) -> {
                TestWindow test = window.test(query.test());
                if (k.toString().equals(key) && test != null) {
                    baselines.put(start, test);
                }
            });
        } else if (query.path() == Path.POD_TO_SERVICE) {
            scan(size, query.cluster() + "/" + Path.POD_TO_POD + "/" + query.src() + "/", from, to,
                    (k, start, window) -> {
                        TestWindow test = window.test(query.test());
                        if (test != null) {
                            baselines.computeIfAbsent(start, s -> new TestWindow()).addAll(test);
                        }
                    });
        }
        return baselines;
    }

    @Override
    public CompareView compare(CompareQuery query) {
        Duration size = size(query.window());
        Instant start = windowStart(query.at(), size);
        List<SummaryView> summaries = new ArrayList<>();
        for (String cluster : query.clusters()) {
            SummaryView summary = summaryAt(cluster, size, start, query.excludeBusy());
            if (summary == null) {
                throw QueryException.notFound("clusters", "no results for cluster '" + cluster
                        + "' in the window starting " + start);
            }
            summaries.add(summary);
        }
        SummaryView baseline = summaries.get(0);
        List<Difference> differences = new ArrayList<>();
        for (SummaryView other : summaries.subList(1, summaries.size())) {
            for (PathTestSummary row : other.rows()) {
                baseline.rows().stream()
                        .filter(b -> b.path() == row.path() && b.test() == row.test())
                        .findFirst()
                        .ifPresent(b -> differences.add(difference(baseline.cluster(), b, other.cluster(), row)));
            }
        }
        return new CompareView(baseline.cluster(), summaries, differences);
    }

    private static Difference difference(String baselineName, PathTestSummary base, String cluster,
                                         PathTestSummary row) {
        WindowFigures b = base.figures();
        WindowFigures r = row.figures();
        Double p50 = b.latencyNs() == null || r.latencyNs() == null ? null : r.latencyNs().p50() - b.latencyNs().p50();
        Double p99 = b.latencyNs() == null || r.latencyNs() == null ? null : r.latencyNs().p99() - b.latencyNs().p99();
        Double bw = b.bandwidthBytesPerSec() == null || r.bandwidthBytesPerSec() == null
                || b.bandwidthBytesPerSec().p50() == 0 ? null
                : r.bandwidthBytesPerSec().p50() / b.bandwidthBytesPerSec().p50();
        Double success = b.successRatio() == null || r.successRatio() == null ? null
                : r.successRatio() - b.successRatio();
        return new Difference(row.path(), row.test(), cluster, baselineName, p50, p99, bw, success,
                row.pairsFailing() - base.pairsFailing());
    }

    private Duration size(Duration asked) {
        List<Duration> sizes = reader.windowSizes();
        if (asked == null) {
            return sizes.get(0);
        }
        if (!sizes.contains(asked)) {
            throw QueryException.badParameter("window", "no " + asked + " windows are kept; choose one of "
                    + sizes.stream().map(d -> d.toSeconds() + "s").toList());
        }
        return asked;
    }

    /** The start of the window holding {@code at}; without {@code at}, of the last window that has ended. */
    private Instant windowStart(Instant at, Duration size) {
        long sizeMs = size.toMillis();
        long point = at != null ? at.toEpochMilli() : clock.millis() - sizeMs;
        return Instant.ofEpochMilli(Math.floorDiv(point, sizeMs) * sizeMs);
    }

    private boolean complete(Instant start, Duration size) {
        return !start.plus(size).plus(settings.grace()).isAfter(clock.instant());
    }

    private void scan(Duration size, String prefix, Instant from, Instant to, PairWindowReader.Visitor visitor) {
        try {
            reader.scan(size, prefix, from, to, visitor);
        } catch (IllegalStateException e) {
            throw QueryException.unavailable("aggregates cannot be read right now: " + e.getMessage(), e);
        }
    }
}
