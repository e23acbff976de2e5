package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.Distribution;
import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.ResultKey;
import io.meshperf.schemas.stats.Distributions;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a closed {@link PairWindow} into the Avro {@link PairAggregate}s written to
 * {@code meshperf.aggregates}: one per test, with the merged histograms in HdrHistogram's compressed
 * encoding. Pure and thread-safe; CPU only (histogram compression is the costly part, which is why
 * it runs once per closed window and not on every update).
 */
public final class PairAggregates {

    private PairAggregates() {
    }

    /** One aggregate per test of {@code window}, for the pair keyed {@code resultKey}. */
    public static List<PairAggregate> of(ResultKey resultKey, Instant start, Instant end, PairWindow window) {
        List<PairAggregate> out = new ArrayList<>(window.tests.size());
        for (Map.Entry<TestType, TestWindow> entry : window.tests.entrySet()) {
            out.add(of(resultKey, entry.getKey(), start, end, entry.getValue()));
        }
        return out;
    }

    /** The aggregate of one test's window; its figures include busy samples (busyCount says how many). */
    public static PairAggregate of(ResultKey key, TestType test, Instant start, Instant end, TestWindow window) {
        Map<String, Long> failures = new TreeMap<>();
        window.failures.forEach((status, n) -> failures.put(status.name(), n));
        Samples all = window.all;
        return PairAggregate.newBuilder()
                .setWindowStart(start)
                .setWindowEnd(end)
                .setCluster(key.cluster())
                .setPath(key.path())
                .setTest(test)
                .setSrcNode(key.srcNode())
                .setDstNode(key.dstNode())
                .setCount(window.count)
                .setOkCount(window.okCount)
                .setBusyCount(window.busyCount)
                .setFailures(failures)
                .setLatencyNs(distribution(all.latencyNs))
                .setBandwidthBytesPerSec(distribution(all.bandwidthBytesPerSec))
                .setSendCostNsPerByteMean(all.sendCostNsPerByteMean())
                .setRecvCostNsPerByteMean(all.recvCostNsPerByteMean())
                .setUdpMessagesSent(window.udpMessagesSent)
                .setUdpMessagesReceived(window.udpMessagesReceived)
                .setServedBy(new TreeMap<>(window.servedBy))
                .setMsgRatePerSecMean(all.msgRatePerSecMean())
                .setLocalCpusUsedPercentMean(all.localCpusUsedPercentMean())
                .setRemoteCpusUsedPercentMean(all.remoteCpusUsedPercentMean())
                .build();
    }

    /**
     * What {@link Distributions#of} gives for a histogram of {@code values}, with the summary read
     * from the sparse values: {@code Distributions.of} walks the whole counts array once per figure,
     * tens of thousands of slots for bandwidth values, and that dominated closing windows; the
     * compressed histogram comes from {@link CompressedHistograms}.
     */
    static Distribution distribution(ValueCounts values) {
        if (values.isEmpty()) {
            return null;
        }
        byte[] encoded = CompressedHistograms.encode(values, values.highestTrackable());
        Stats stats = Stats.of(values);
        return Distribution.newBuilder()
                .setCount(stats.count())
                .setMin(stats.min())
                .setMean(stats.mean())
                .setMax(stats.max())
                .setP50(stats.p50())
                .setP90(stats.p90())
                .setP99(stats.p99())
                .setP999(stats.p999())
                .setHistogram(ByteBuffer.wrap(encoded))
                .build();
    }
}
