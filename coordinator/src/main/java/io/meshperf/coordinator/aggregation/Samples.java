package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.NodeStats;
import java.util.Objects;

/**
 * The figures of the OK results of one test in one window: latency and bandwidth as sparse
 * histograms, and the sums behind the means of CPU cost per byte, qperf's msg_rate and each side's
 * cpus used. Mutable, not thread-safe; owned by one {@link TestWindow}.
 */
public final class Samples {

    final ValueCounts latencyNs = new ValueCounts();
    final ValueCounts bandwidthBytesPerSec = new ValueCounts();
    final Mean sendCost = new Mean();
    final Mean recvCost = new Mean();
    final Mean msgRate = new Mean();
    final Mean localCpusUsed = new Mean();
    final Mean remoteCpusUsed = new Mean();

    /** Latency of each OK latency result (qperf latency: half a round trip), nanoseconds. */
    public ValueCounts latencyNs() {
        return latencyNs;
    }

    /** Received bandwidth of each OK bandwidth result, bytes per second. */
    public ValueCounts bandwidthBytesPerSec() {
        return bandwidthBytesPerSec;
    }

    /** Mean sender CPU cost, nanoseconds per byte (qperf's sec/GB), or null when none was reported. */
    public Double sendCostNsPerByteMean() {
        return sendCost.value();
    }

    /** Mean receiver CPU cost, nanoseconds per byte (qperf's sec/GB), or null when none was reported. */
    public Double recvCostNsPerByteMean() {
        return recvCost.value();
    }

    /** Mean qperf msg_rate, messages per second, or null when none was reported. */
    public Double msgRatePerSecMean() {
        return msgRate.value();
    }

    /**
     * Mean cpus used on the measuring (client) side, percent of one CPU, machine-wide: qperf's
     * loc_cpus_used in latency tests, send_cpus_used in bandwidth tests. Null when none was reported.
     */
    public Double localCpusUsedPercentMean() {
        return localCpusUsed.value();
    }

    /**
     * Mean cpus used on the serving side: qperf's rem_cpus_used in latency tests, recv_cpus_used in
     * bandwidth tests. Null when none was reported.
     */
    public Double remoteCpusUsedPercentMean() {
        return remoteCpusUsed.value();
    }

    /** Records the figures of one OK, validated result ({@link ResultCheck}) of this window's test. */
    void record(MeasurementResult result) {
        Double latency = ResultCheck.isLatency(result.getTest()) ? result.getLatencyNs() : null;
        if (latency != null) {
            latencyNs.record(latency);
        }
        Double bandwidth = ResultCheck.isBandwidth(result.getTest()) ? ResultCheck.bandwidth(result) : null;
        if (bandwidth != null) {
            bandwidthBytesPerSec.record(bandwidth);
        }
        sendCost.add(result.getSendCostNsPerByte());
        recvCost.add(result.getRecvCostNsPerByte());
        msgRate.add(result.getMsgRatePerSec());
        localCpusUsed.add(cpusUsed(result.getLocal()));
        remoteCpusUsed.add(cpusUsed(result.getRemote()));
    }

    private static Double cpusUsed(NodeStats side) {
        return side == null ? null : side.getCpusUsedPercent();
    }

    void addAll(Samples other) {
        latencyNs.addAll(other.latencyNs);
        bandwidthBytesPerSec.addAll(other.bandwidthBytesPerSec);
        sendCost.addAll(other.sendCost);
        recvCost.addAll(other.recvCost);
        msgRate.addAll(other.msgRate);
        localCpusUsed.addAll(other.localCpusUsed);
        remoteCpusUsed.addAll(other.remoteCpusUsed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Samples s && latencyNs.equals(s.latencyNs)
                && bandwidthBytesPerSec.equals(s.bandwidthBytesPerSec) && sendCost.equals(s.sendCost)
                && recvCost.equals(s.recvCost) && msgRate.equals(s.msgRate) && localCpusUsed.equals(s.localCpusUsed)
                && remoteCpusUsed.equals(s.remoteCpusUsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(latencyNs, bandwidthBytesPerSec, sendCost, recvCost, msgRate, localCpusUsed,
                remoteCpusUsed);
    }
}
