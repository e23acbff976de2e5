package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.Status;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an operator reads of one test over one window of one pair, or of many merged: counts,
 * failures by status, connectivity, latency and bandwidth summaries, CPU cost, qperf's msg_rate and
 * cpus used, UDP loss and the Service backends that served the tests. Immutable.
 *
 * @param count results of every status
 * @param okCount OK results
 * @param busyCount OK results taken on a busy agent
 * @param failures failed results by status name
 * @param successRatio see {@link #successRatio(TestWindow)}; null when nothing was attempted
 * @param latencyNs latency summary (latency tests), null when none
 * @param bandwidthBytesPerSec received bandwidth summary (bandwidth tests), null when none
 * @param sendCostNsPerByte mean sender CPU cost (qperf's sec/GB), null when none
 * @param recvCostNsPerByte mean receiver CPU cost (qperf's sec/GB), null when none
 * @param msgRatePerSec mean qperf msg_rate, messages per second, null when none
 * @param localCpusUsedPercent mean cpus used on the measuring (client) side, machine-wide, percent of
 *     one CPU: qperf's loc_cpus_used (latency tests) or send_cpus_used (bandwidth tests); null when none
 * @param remoteCpusUsedPercent mean cpus used on the serving side: qperf's rem_cpus_used (latency
 *     tests) or recv_cpus_used (bandwidth tests); null when none
 * @param udpLossRatio 1 - received/sent datagrams of UDP bandwidth tests, null when none sent
 * @param servedBy OK results per Service backend
 * @param excludeBusy whether figures leave out samples taken on a busy agent
 */
public record WindowFigures(long count, long okCount, long busyCount, Map<String, Long> failures, Double successRatio,
                            Stats latencyNs, Stats bandwidthBytesPerSec, Double sendCostNsPerByte,
                            Double recvCostNsPerByte, Double msgRatePerSec, Double localCpusUsedPercent,
                            Double remoteCpusUsedPercent, Double udpLossRatio, Map<String, Long> servedBy,
                            boolean excludeBusy) {

    /** Copies the maps. */
    public WindowFigures {
        failures = Collections.unmodifiableMap(new TreeMap<>(failures));
        servedBy = Collections.unmodifiableMap(new TreeMap<>(servedBy));
    }

    /** The figures of {@code window}; with {@code excludeBusy} the summaries use idle samples only. */
    public static WindowFigures of(TestWindow window, boolean excludeBusy) {
        Samples samples = window.samples(excludeBusy);
        Map<String, Long> failures = new TreeMap<>();
        window.failures.forEach((status, n) -> failures.put(status.name(), n));
        Double loss = window.udpMessagesSent == 0 ? null
                : Math.max(0.0, 1.0 - (double) window.udpMessagesReceived / window.udpMessagesSent);
        return new WindowFigures(window.count, window.okCount, window.busyCount, failures, successRatio(window),
                Stats.of(samples.latencyNs), Stats.of(samples.bandwidthBytesPerSec),
                samples.sendCostNsPerByteMean(), samples.recvCostNsPerByteMean(), samples.msgRatePerSecMean(),
                samples.localCpusUsedPercentMean(), samples.remoteCpusUsedPercentMean(), loss, window.servedBy,
                excludeBusy);
    }

    /**
     * OK results over attempted ones. SKIPPED results (a job that was already past its deadline when
     * the agent read it) say nothing about the network, so they count neither way; null when every
     * result was skipped or there were none.
     */
    public static Double successRatio(TestWindow window) {
        long attempted = window.count - window.failures(Status.SKIPPED);
        return attempted == 0 ? null : (double) window.okCount / attempted;
    }

    /** True when at least one attempt failed: the pair shows in "pairs failing". */
    public boolean failing() {
        return successRatio != null && successRatio < 1.0;
    }

    /** Sender plus receiver CPU cost per byte (qperf's sec/GB), null unless both are known. */
    public Double cpuCostNsPerByte() {
        return sendCostNsPerByte == null || recvCostNsPerByte == null ? null : sendCostNsPerByte + recvCostNsPerByte;
    }
}
