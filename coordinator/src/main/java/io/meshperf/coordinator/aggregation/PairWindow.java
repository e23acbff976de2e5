package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.TestType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One tumbling window of one ordered node pair on one path: a {@link TestWindow} per test. The
 * topology groups by the result key ({@code cluster/path/src/dst}), which every test of a pair
 * shares, so aggregation needs no repartition topic; the test is split out when aggregates are
 * written. Mutable, not thread-safe (see {@link TestWindow}).
 */
public final class PairWindow {

    final EnumMap<TestType, TestWindow> tests = new EnumMap<>(TestType.class);

    /** Adds one validated result. Returns this, as Kafka Streams' aggregator expects. */
    public PairWindow add(MeasurementResult result) {
        tests.computeIfAbsent(result.getTest(), t -> new TestWindow()).add(result);
        return this;
    }

    /** The window of {@code test}, or null when no result of that test arrived. */
    public TestWindow test(TestType test) {
        return tests.get(test);
    }

    /** Every test with results, read-only. */
    public Map<TestType, TestWindow> tests() {
        return Collections.unmodifiableMap(tests);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairWindow w && tests.equals(w.tests);
    }

    @Override
    public int hashCode() {
        return tests.hashCode();
    }

    @Override
    public String toString() {
        return "PairWindow" + tests;
    }
}
