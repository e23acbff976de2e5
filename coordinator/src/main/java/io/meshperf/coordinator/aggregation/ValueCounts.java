package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.stats.Distributions;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * A sparse histogram: each distinct value (already reduced to its HdrHistogram bucket, see
 * {@link #quantize}) with how often it was seen. A window of one node pair holds a handful of
 * values, so this is far smaller to store and serialize on every update than a full HdrHistogram
 * counts array; {@link #toHistogram()} rebuilds the exact histogram when figures are read.
 *
 * <p>Merging two of these gives exactly what recording every value into one histogram would, so
 * pairs, rows, clusters and windows combine without averaging averages. Mutable and not
 * thread-safe: one instance belongs to one window on one stream thread, or to one query.
 */
public final class ValueCounts {

    private static final long[] NONE = new long[0];
    /** Never records; used only for its bucket arithmetic, which reads final fields alone. */
    private static final Histogram BUCKETS = Distributions.newHistogram();

    private long[] values = NONE;
    private long[] counts = NONE;
    private int size;
    private long total;

    /**
     * The lowest value of the histogram bucket {@code value} falls in, after rounding to a whole
     * number. Recording this instead of the value changes no figure the histogram reports.
     *
     * @throws IllegalArgumentException if the value is negative, NaN or infinite
     */
    public static long quantize(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a distribution value must be finite and not negative, got " + value);
        }
        return BUCKETS.lowestEquivalentValue(Math.round(value));
    }

    /** Adds {@code count} occurrences of {@code value} (already quantized). */
    public void add(long value, long count) {
        if (value < 0 || count <= 0) {
            throw new IllegalArgumentException("value must be >= 0 and count > 0, got " + value + " x " + count);
        }
        int at = Arrays.binarySearch(values, 0, size, value);
        if (at >= 0) {
            counts[at] += count;
        } else {
            insert(-at - 1, value, count);
        }
        total += count;
    }

    /** Records one raw value: quantized, then added once. */
    public void record(double value) {
        add(quantize(value), 1);
    }

    /** Adds every value of {@code other}; {@code other} is not changed. */
    public void addAll(ValueCounts other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i], other.counts[i]);
        }
    }

    private void insert(int at, long value, long count) {
        if (size == values.length) {
            int capacity = Math.max(4, size * 2);
            values = Arrays.copyOf(values, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        System.arraycopy(values, at, values, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        values[at] = value;
        counts[at] = count;
        size++;
    }

    /** The highest trackable value {@link #toHistogram()} sizes its histogram for. */
    long highestTrackable() {
        return size == 0 ? 2 : Math.max(2, BUCKETS.highestEquivalentValue(values[size - 1]));
    }

    /**
     * The value at {@code percentile} exactly as HdrHistogram's {@code getValueAtPercentile} reads it
     * from a histogram of these values (the highest equivalent value of the bucket reached; the
     * lowest for percentile 0), without building the histogram.
     */
    public long valueAtPercentile(double percentile) {
        if (size == 0) {
            return 0;
        }
        double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0), 100.0);
        long countAtPercentile = Math.max(1, (long) Math.ceil(requested / 100.0 * total));
        long cumulative = 0;
        for (int i = 0; i < size; i++) {
            cumulative += counts[i];
            if (cumulative >= countAtPercentile) {
                return percentile == 0.0 ? BUCKETS.lowestEquivalentValue(values[i])
                        : BUCKETS.highestEquivalentValue(values[i]);
            }
        }
        return 0;
    }

    /** The mean exactly as HdrHistogram's {@code getMean} reads it (bucket medians), 0 when empty. */
    public double mean() {
        if (total == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += BUCKETS.medianEquivalentValue(values[i]) * (double) counts[i];
        }
        return sum / total;
    }

    /** The smallest value as HdrHistogram reports it; 0 when empty. */
    public long min() {
        return size == 0 || values[0] == 0 ? 0 : BUCKETS.lowestEquivalentValue(values[0]);
    }

    /** The largest value as HdrHistogram reports it (its bucket's highest equivalent); 0 when empty. */
    public long max() {
        return size == 0 || values[size - 1] == 0 ? 0 : BUCKETS.highestEquivalentValue(values[size - 1]);
    }

    /** Number of distinct values. */
    public int size() {
        return size;
    }

    /** The {@code i}-th distinct value, ascending. */
    public long value(int i) {
        return values[checked(i)];
    }

    /** How often the {@code i}-th value was seen. */
    public long count(int i) {
        return counts[checked(i)];
    }

    private int checked(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size);
        }
        return i;
    }

    /** Number of values recorded. */
    public long total() {
        return total;
    }

    /** True when nothing was recorded. */
    public boolean isEmpty() {
        return total == 0;
    }

    /**
     * A new HdrHistogram holding exactly these values, of the project's precision, sized for the
     * largest value up front (growing an auto-resizing one value by value copies its counts array
     * each time) and auto-resizing afterwards, like {@link Distributions#newHistogram()}.
     */
    public Histogram toHistogram() {
        Histogram histogram = new Histogram(1, highestTrackable(), Distributions.SIGNIFICANT_DIGITS);
        histogram.setAutoResize(true);
        for (int i = 0; i < size; i++) {
            histogram.recordValueWithCount(values[i], counts[i]);
        }
        return histogram;
    }

    /** A copy that shares nothing with this one. */
    public ValueCounts copy() {
        ValueCounts copy = new ValueCounts();
        copy.values = Arrays.copyOf(values, size);
        copy.counts = Arrays.copyOf(counts, size);
        copy.size = size;
        copy.total = total;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueCounts other && size == other.size
                && Arrays.equals(values, 0, size, other.values, 0, size)
                && Arrays.equals(counts, 0, size, other.counts, 0, size);
    }

    @Override
    public int hashCode() {
        int hash = size;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + Long.hashCode(values[i]) * 17 + Long.hashCode(counts[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "ValueCounts[" + total + " values, " + size + " distinct]";
    }
}
