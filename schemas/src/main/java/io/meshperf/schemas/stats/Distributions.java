package io.meshperf.schemas.stats;

import io.meshperf.schemas.Distribution;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Converts between HdrHistogram and the Avro {@link Distribution}: a summary (count, min, mean, max,
 * percentiles) plus the histogram itself in HdrHistogram's compressed V2 encoding, so distributions
 * from different windows, pairs or clusters merge exactly instead of averaging averages.
 *
 * <p>Every summary figure is read from the histogram, so it is exact to the histogram's precision
 * ({@link #SIGNIFICANT_DIGITS} digits, 0.1 %), not to the raw values. Values are whole numbers of the
 * distribution's unit (nanoseconds, bytes per second): record them with {@link #record}. Pure and
 * thread-safe (histograms passed in are read, never kept); CPU-only, never blocks.
 */
public final class Distributions {

    /** Precision every meshperf histogram is recorded with. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private Distributions() {
    }

    /** An empty, auto-resizing histogram of the project's precision, for values from 1 up. */
    public static Histogram newHistogram() {
        Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        histogram.setAutoResize(true);
        return histogram;
    }

    /**
     * Records {@code value} rounded to a whole number.
     *
     * @throws IllegalArgumentException if the value is negative, NaN or infinite
     */
    public static void record(Histogram histogram, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a distribution value must be finite and not negative, got " + value);
        }
        histogram.recordValue(Math.round(value));
    }

    /** The summary and compressed bytes of {@code histogram}; an empty histogram gives all zeros. */
    public static Distribution of(Histogram histogram) {
        Objects.requireNonNull(histogram, "histogram");
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        ByteBuffer encoded = ByteBuffer.wrap(Arrays.copyOf(buffer.array(), length));
        boolean empty = histogram.getTotalCount() == 0;
        return Distribution.newBuilder()
                .setCount(histogram.getTotalCount())
                .setMin(empty ? 0 : histogram.getMinValue())
                .setMean(empty ? 0 : histogram.getMean())
                .setMax(empty ? 0 : histogram.getMaxValue())
                .setP50(empty ? 0 : histogram.getValueAtPercentile(50))
                .setP90(empty ? 0 : histogram.getValueAtPercentile(90))
                .setP99(empty ? 0 : histogram.getValueAtPercentile(99))
                .setP999(empty ? 0 : histogram.getValueAtPercentile(99.9))
                .setHistogram(encoded)
                .build();
    }

    /**
     * Decodes the histogram a distribution carries; the distribution is not modified.
     *
     * @throws IllegalArgumentException if the bytes are not a compressed HdrHistogram or its count
     *     disagrees with the distribution's count
     */
    public static Histogram histogramOf(Distribution distribution) {
        ByteBuffer bytes = distribution.getHistogram().duplicate();
        Histogram histogram;
        try {
            histogram = Histogram.decodeFromCompressedByteBuffer(bytes, 0);
        } catch (DataFormatException | RuntimeException e) {
            // HdrHistogram reports malformed input with assorted runtime exceptions; one message here.
            throw new IllegalArgumentException("Distribution.histogram is not a compressed HdrHistogram: " + e, e);
        }
        if (histogram.getTotalCount() != distribution.getCount()) {
            throw new IllegalArgumentException("Distribution.count is " + distribution.getCount()
                    + " but its histogram holds " + histogram.getTotalCount() + " values");
        }
        histogram.setAutoResize(true);
        return histogram;
    }

    /**
     * The distribution of both inputs' values together, as if every value had been recorded into one
     * histogram (exact when both were recorded with the same precision, as meshperf's are; otherwise
     * the result has the first one's precision).
     *
     * @throws IllegalArgumentException if either histogram cannot be decoded
     */
    public static Distribution merge(Distribution first, Distribution second) {
        Histogram merged = histogramOf(first);
        merged.add(histogramOf(second));
        return of(merged);
    }
}
