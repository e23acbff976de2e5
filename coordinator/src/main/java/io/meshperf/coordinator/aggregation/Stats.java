package io.meshperf.coordinator.aggregation;

import org.HdrHistogram.Histogram;

/**
 * Summary of a distribution, read from its HdrHistogram, so exact to the histogram's precision
 * (3 significant digits) however many pairs or windows were merged into it. Immutable.
 *
 * @param count values
 * @param min smallest value (its bucket's lowest equivalent)
 * @param mean mean
 * @param max largest value (its bucket's highest equivalent)
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 */
public record Stats(long count, double min, double mean, double max, double p50, double p90, double p99, double p999) {

    /**
     * The summary of {@code values}, or null when there are none: the same figures a histogram of
     * them would give, read from the sparse values without building one.
     */
    public static Stats of(ValueCounts values) {
        if (values.isEmpty()) {
            return null;
        }
        return new Stats(values.total(), values.min(), values.mean(), values.max(), values.valueAtPercentile(50),
                values.valueAtPercentile(90), values.valueAtPercentile(99), values.valueAtPercentile(99.9));
    }

    /** The summary of a non-empty histogram. */
    public static Stats of(Histogram h) {
        if (h.getTotalCount() == 0) {
            throw new IllegalArgumentException("an empty histogram has no summary");
        }
        return new Stats(h.getTotalCount(), h.getMinValue(), h.getMean(), h.getMaxValue(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9));
    }
}
