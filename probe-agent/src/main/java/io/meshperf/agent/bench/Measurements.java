package io.meshperf.agent.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures collected on one path: for each pair and metric, one value per run, plus the runs
 * that failed. Not thread-safe: filled by the one thread that runs the benchmark.
 */
public final class Measurements {

    private final Map<Pair, Map<Metric, List<Double>>> values = new EnumMap<>(Pair.class);
    private final List<String> failures = new ArrayList<>();

    /**
     * Records one client run's reports for {@code pair}; a targeted metric of one of {@code tests}
     * that the client did not print is a failure.
     */
    public void add(Pair pair, List<String> tests, List<QperfReport> reports) {
        for (Metric metric : Metric.values()) {
            if (!tests.contains(metric.test())) {
                continue;
            }
            OptionalDouble value = reports.stream().filter(r -> r.test().equals(metric.test()))
                    .map(r -> r.value(metric.figure())).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).findFirst();
            if (value.isPresent()) {
                values.computeIfAbsent(pair, p -> new EnumMap<>(Metric.class))
                        .computeIfAbsent(metric, m -> new ArrayList<>()).add(value.getAsDouble());
            } else if (metric.target() != Metric.Target.NONE) {
                fail(pair, metric.test() + " printed no " + metric.figure());
            }
        }
    }

    /** Records that a run of {@code pair} failed, and why. */
    public void fail(Pair pair, String reason) {
        failures.add(pair.label() + ": " + reason);
    }

    /** What failed, in order. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The values recorded for a pair and metric, one per successful run. */
    public List<Double> values(Pair pair, Metric metric) {
        return List.copyOf(values.getOrDefault(pair, Map.of()).getOrDefault(metric, List.of()));
    }

    /** The median over runs (mean of the middle two for an even count), or empty with no values. */
    public OptionalDouble median(Pair pair, Metric metric) {
        List<Double> sorted = new ArrayList<>(values(pair, metric));
        if (sorted.isEmpty()) {
            return OptionalDouble.empty();
        }
        sorted.sort(Double::compare);
        int n = sorted.size();
        return OptionalDouble.of(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    }
}
