package io.meshperf.agent.bench;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures one qperf-style client printed for one test, converted to base units: bytes/s for
 * bandwidth, ns for times, 1/s for rates, ns/GB for costs, percent for CPU use, bytes for sizes and
 * plain numbers for counts. Immutable.
 *
 * @param test the test name, e.g. {@code tcp_bw}
 * @param values figure name to value in base units, in the order printed
 */
public record QperfReport(String test, Map<String, Double> values) {

    public QperfReport {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** The figure {@code name} in base units, or empty if the client did not print it. */
    public OptionalDouble value(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
