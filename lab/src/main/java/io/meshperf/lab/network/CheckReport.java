package io.meshperf.lab.network;

import java.util.List;
import java.util.Map;

/**
 * What {@link NetworkCheck} found. Immutable.
 *
 * @param findings every check, in the order run
 * @param tcpSplit TCP connections to the ClusterIP per answering backend (and {@value LabProbe#FAILED})
 * @param udpSplit UDP datagrams to the ClusterIP per answering backend (and {@value LabProbe#FAILED})
 * @param dnatTcp the same TCP connections per backend, as the client node's DNAT rule counters saw them
 */
public record CheckReport(List<Finding> findings, Map<String, Long> tcpSplit, Map<String, Long> udpSplit,
        Map<String, Long> dnatTcp) {

    /**
     * One check.
     *
     * @param what what was checked
     * @param passed whether it held
     * @param detail what was measured
     */
    public record Finding(String what, boolean passed, String detail) {
    }

    public CheckReport {
        findings = List.copyOf(findings);
        tcpSplit = Map.copyOf(tcpSplit);
        udpSplit = Map.copyOf(udpSplit);
        dnatTcp = Map.copyOf(dnatTcp);
    }

    /** True when every check held. */
    public boolean passed() {
        return findings.stream().allMatch(Finding::passed);
    }

    /** The findings that did not hold. */
    public List<Finding> failures() {
        return findings.stream().filter(f -> !f.passed()).toList();
    }

    /** One line per finding: {@code ok} or {@code FAIL}, what, and what was measured. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(f.passed() ? "ok   " : "FAIL ").append(f.what()).append(": ").append(f.detail()).append('\n');
        }
        return out.toString();
    }
}
