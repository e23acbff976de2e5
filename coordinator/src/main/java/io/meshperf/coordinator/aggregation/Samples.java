package io.meshperf.coordinator.aggregation;

import java.util.Objects;

/**
 * The figures of the OK results of one test in one window: latency and bandwidth as sparse
 * histograms, and the sums behind the mean CPU cost per byte. Mutable, not thread-safe; owned by
 * one {@link TestWindow}.
 */
public final class Samples {

    final ValueCounts latencyNs = new ValueCounts();
    final ValueCounts bandwidthBytesPerSec = new ValueCounts();
    double sendCostSum;
    long sendCostCount;
    double recvCostSum;
    long recvCostCount;

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
        return sendCostCount == 0 ? null : sendCostSum / sendCostCount;
    }

    /** Mean receiver CPU cost, nanoseconds per byte (qperf's sec/GB), or null when none was reported. */
    public Double recvCostNsPerByteMean() {
        return recvCostCount == 0 ? null : recvCostSum / recvCostCount;
    }

    void record(Double latency, Double bandwidth, Double sendCost, Double recvCost) {
        if (latency != null) {
            latencyNs.record(latency);
        }
        if (bandwidth != null) {
            bandwidthBytesPerSec.record(bandwidth);
        }
        if (sendCost != null) {
            sendCostSum += sendCost;
            sendCostCount++;
        }
        if (recvCost != null) {
            recvCostSum += recvCost;
            recvCostCount++;
        }
    }

    void addAll(Samples other) {
        latencyNs.addAll(other.latencyNs);
        bandwidthBytesPerSec.addAll(other.bandwidthBytesPerSec);
        sendCostSum += other.sendCostSum;
        sendCostCount += other.sendCostCount;
        recvCostSum += other.recvCostSum;
        recvCostCount += other.recvCostCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Samples s && latencyNs.equals(s.latencyNs)
                && bandwidthBytesPerSec.equals(s.bandwidthBytesPerSec)
                && Double.compare(sendCostSum, s.sendCostSum) == 0 && sendCostCount == s.sendCostCount
                && Double.compare(recvCostSum, s.recvCostSum) == 0 && recvCostCount == s.recvCostCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(latencyNs, bandwidthBytesPerSec, sendCostSum, sendCostCount, recvCostSum, recvCostCount);
    }
}
