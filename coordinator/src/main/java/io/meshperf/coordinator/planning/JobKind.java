package io.meshperf.coordinator.planning;

import io.meshperf.schemas.TestType;
import java.util.List;

/** The two kinds of planned work, each with its fixed list of tests (run in this order). */
public enum JobKind {
    /** Light, frequent: run every round to a rotating set of peers. */
    LATENCY("lat", List.of(TestType.TCP_LAT, TestType.UDP_LAT)),
    /** Heavy: run in tournament slots, never two at once on a node. */
    BANDWIDTH("bw", List.of(TestType.TCP_BW, TestType.UDP_BW));

    private final String idTag;
    private final List<TestType> tests;

    JobKind(String idTag, List<TestType> tests) {
        this.idTag = idTag;
        this.tests = tests;
    }

    /** The short tag used in job ids. */
    public String idTag() {
        return idTag;
    }

    /** The tests every job of this kind runs, in order. */
    public List<TestType> tests() {
        return tests;
    }
}
