package io.meshperf.agent.engine.stats;

import io.meshperf.schemas.LatencyStats;
import org.HdrHistogram.Histogram;

/**
 * Records every round trip of a latency test in an HdrHistogram, as one-way latency (half the round
 * trip, qperf's convention), and summarises it as {@link LatencyStats}. Owned by the one thread that
 * runs the loop; not thread-safe.
 */
public final class LatencyRecorder {

    private static final long HIGHEST_NS = 3_600_000_000_000L;

    private final Histogram histogram = new Histogram(1, HIGHEST_NS, 3);
    private final boolean jitter;
    private long previous = -1;
    private double jitterSum;
    private long jitterCount;

    /** @param jitter whether to compute the mean absolute difference of consecutive samples */
    public LatencyRecorder(boolean jitter) {
        this.jitter = jitter;
    }

    /** Records one round trip measured in nanoseconds. */
    public void recordRoundTrip(long roundTripNs) {
        long oneWay = Math.max(1, Math.min(HIGHEST_NS, roundTripNs / 2));
        histogram.recordValue(oneWay);
        if (jitter) {
            if (previous >= 0) {
                jitterSum += Math.abs(oneWay - previous);
                jitterCount++;
            }
            previous = oneWay;
        }
    }

    public long samples() {
        return histogram.getTotalCount();
    }

    /** The summary, or null when nothing was recorded. */
    public LatencyStats toStats() {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        return LatencyStats.newBuilder()
                .setSamples(histogram.getTotalCount())
                .setMinNs(histogram.getMinValue())
                .setMeanNs(histogram.getMean())
                .setMaxNs(histogram.getMaxValue())
                .setP50Ns(histogram.getValueAtPercentile(50))
                .setP90Ns(histogram.getValueAtPercentile(90))
                .setP99Ns(histogram.getValueAtPercentile(99))
                .setP999Ns(histogram.getValueAtPercentile(99.9))
                .setStddevNs(histogram.getStdDeviation())
                .setJitterNs(jitter && jitterCount > 0 ? jitterSum / jitterCount : null)
                .build();
    }
}
