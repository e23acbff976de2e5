package io.meshperf.coordinator.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a Service spread its tests over its backends, against how it should have: each backend's
 * share, its expected share (even unless weights are configured), and a chi-square test of the
 * difference. The even expectation covers every backend that served a test and every backend known
 * to be behind the Service (from discovery), so a known backend that served nothing shows with 0
 * observed and counts against the split. A small p-value (say below 0.01) means the split is
 * unlikely to be the expected one. Immutable.
 *
 * @param backends one row per backend, sorted by name
 * @param total tests counted
 * @param expectation "even" or "configured"
 * @param chiSquare the statistic, null when there is no test (fewer than two backends expected, or
 *     a backend outside the configured weights served tests, which alone rejects the expectation)
 * @param degreesOfFreedom backends expected to serve minus one, null with no statistic
 * @param pValue chance of a split at least this uneven under the expectation; 0 when an unexpected
 *     backend served tests; null when there is nothing to test
 */
public record LoadBalanceSplit(List<BackendShare> backends, long total, String expectation, Double chiSquare,
                               Integer degreesOfFreedom, Double pValue) {

    /** Copies the rows. */
    public LoadBalanceSplit {
        backends = List.copyOf(backends);
    }

    /**
     * One backend's part.
     *
     * @param backend its pod (namespace/name), else its address
     * @param observed tests it served
     * @param share observed / total
     * @param expectedShare what it should have served
     */
    public record BackendShare(String backend, long observed, double share, double expectedShare) {
    }

    /** The split of {@code observed} tests per backend, with no backend known beyond those observed. */
    public static LoadBalanceSplit of(Map<String, Long> observed, Map<String, Double> weights) {
        return of(observed, weights, Set.of());
    }

    /**
     * The split of {@code observed} tests per backend. With an empty {@code weights}, every backend
     * that was observed or is in {@code known} is expected to serve an even share (a known backend
     * that served nothing shows with 0 observed); otherwise {@code known} is ignored and each named
     * backend is expected to serve its weight's share (a named backend that served nothing shows
     * with 0 observed) and an unnamed one none.
     *
     * @param observed tests served per backend name (its pod, else its address)
     * @param weights configured weights per backend name, empty for an even split
     * @param known the backends currently known behind the Service, by the same names; may be empty
     * @return the split, or null when no test was served
     * @throws IllegalArgumentException if a weight is negative, NaN or they sum to 0
     */
    public static LoadBalanceSplit of(Map<String, Long> observed, Map<String, Double> weights, Set<String> known) {
        Objects.requireNonNull(known, "known");
        long total = observed.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        boolean configured = !weights.isEmpty();
        double weightSum = 0;
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            if (!(weight.getValue() >= 0) || weight.getValue().isInfinite()) {
                throw new IllegalArgumentException("weight of backend " + weight.getKey()
                        + " must be finite and >= 0, got " + weight.getValue());
            }
            weightSum += weight.getValue();
        }
        if (configured && weightSum == 0) {
            throw new IllegalArgumentException("backend weights sum to 0");
        }
        TreeSet<String> names = new TreeSet<>(observed.keySet());
        names.addAll(configured ? weights.keySet() : known);
        int evenOver = names.size();
        List<BackendShare> rows = new ArrayList<>();
        List<Long> testedObserved = new ArrayList<>();
        List<Double> testedExpected = new ArrayList<>();
        boolean unexpectedServed = false;
        for (String name : names) {
            long seen = observed.getOrDefault(name, 0L);
            double expectedShare = configured ? weights.getOrDefault(name, 0.0) / weightSum : 1.0 / evenOver;
            rows.add(new BackendShare(name, seen, (double) seen / total, expectedShare));
            if (expectedShare > 0) {
                testedObserved.add(seen);
                testedExpected.add(expectedShare * total);
            } else if (seen > 0) {
                unexpectedServed = true;
            }
        }
        if (unexpectedServed) {
            return new LoadBalanceSplit(rows, total, configured ? "configured" : "even", null, null, 0.0);
        }
        if (testedObserved.size() < 2) {
            return new LoadBalanceSplit(rows, total, configured ? "configured" : "even", null, null, null);
        }
        long[] o = testedObserved.stream().mapToLong(Long::longValue).toArray();
        double[] e = testedExpected.stream().mapToDouble(Double::doubleValue).toArray();
        double statistic = ChiSquare.statistic(o, e);
        int dof = o.length - 1;
        return new LoadBalanceSplit(rows, total, configured ? "configured" : "even", statistic, dof,
                ChiSquare.pValue(statistic, dof));
    }
}
