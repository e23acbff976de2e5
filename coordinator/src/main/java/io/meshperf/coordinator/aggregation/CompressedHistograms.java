package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.stats.Distributions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * HdrHistogram's compressed V2 encoding of the histogram a {@link ValueCounts} stands for, written
 * straight from the sparse values: byte for byte what {@code Histogram.encodeIntoCompressedByteBuffer}
 * writes for {@link ValueCounts#toHistogram()} (tests compare the two), and what
 * {@code Histogram.decodeFromCompressedByteBuffer} reads.
 *
 * <p>Why not HdrHistogram's own encoder: it needs the full counts array (tens of thousands of
 * slots for bandwidth values, zeroed and walked for a window holding one or two values), a buffer
 * as large, and a new {@link Deflater} (hundreds of kilobytes of native memory) per call. Closing a
 * minute's windows encodes one histogram per pair and test, so that cost stalled the stream thread.
 * Here the zero runs between values are computed, one Deflater and scratch buffers are kept per
 * thread, and only the few bytes of the result are allocated.
 *
 * <p>The layout (HdrHistogram's V2 encoding for a histogram with lowest discernible value 1 and
 * {@link Distributions#SIGNIFICANT_DIGITS} digits): compressed cookie, compressed length, then
 * deflated: cookie, payload length, normalizing index offset (0), significant digits, lowest
 * discernible value, highest trackable value, integer-to-double ratio (1.0), and the counts from
 * index 0 to the largest value's, each a ZigZag LEB128 number, a run of two or more zeros written
 * as its negated length. Thread-safe through thread confinement; CPU only.
 */
final class CompressedHistograms {

    private static final int V2_COOKIE = 0x1c849303 | 0x10;
    private static final int V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
    private static final int HEADER_BYTES = 40;
    /** Sub-bucket layout for lowest discernible value 1 and 3 significant digits (2000 → 2^11 sub-buckets). */
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = (2L << SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static {
        if (Distributions.SIGNIFICANT_DIGITS != 3) {
            throw new ExceptionInInitializerError("CompressedHistograms is laid out for 3 significant digits, not "
                    + Distributions.SIGNIFICANT_DIGITS);
        }
    }

    private CompressedHistograms() {
    }

    private static final class Scratch {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        private ByteBuffer uncompressed = ByteBuffer.allocate(1024);
        private byte[] compressed = new byte[1024];
    }

    /**
     * The compressed encoding of the histogram of {@code values}, whose highest trackable value is
     * {@code highestTrackable} (as {@link ValueCounts#toHistogram()} sizes it).
     */
    static byte[] encode(ValueCounts values, long highestTrackable) {
        Scratch scratch = SCRATCH.get();
        // Each count or zero run takes at most 9 bytes.
        int bound = HEADER_BYTES + 9 * (2 * values.size() + 1);
        if (scratch.uncompressed.capacity() < bound) {
            scratch.uncompressed = ByteBuffer.allocate(bound);
        }
        ByteBuffer out = scratch.uncompressed;
        out.clear();
        out.putInt(V2_COOKIE).putInt(0).putInt(0).putInt(Distributions.SIGNIFICANT_DIGITS).putLong(1)
                .putLong(highestTrackable).putDouble(1.0);
        int next = 0;
        for (int i = 0; i < values.size(); i++) {
            int index = countsIndex(values.value(i));
            int zeros = index - next;
            if (zeros == 1) {
                putZigZag(out, 0);
            } else if (zeros > 1) {
                putZigZag(out, -zeros);
            }
            putZigZag(out, values.count(i));
            next = index + 1;
        }
        int length = out.position();
        out.putInt(4, length - HEADER_BYTES);
        return deflate(scratch, out.array(), length);
    }

    private static byte[] deflate(Scratch scratch, byte[] input, int length) {
        int bound = 8 + length + length / 1000 + 64;
        if (scratch.compressed.length < bound) {
            scratch.compressed = new byte[bound];
        }
        Deflater deflater = scratch.deflater;
        deflater.reset();
        deflater.setInput(input, 0, length);
        deflater.finish();
        int written = deflater.deflate(scratch.compressed, 8, scratch.compressed.length - 8);
        if (!deflater.finished()) {
            throw new IllegalStateException("deflate output exceeded its bound of " + bound + " bytes");
        }
        ByteBuffer.wrap(scratch.compressed, 0, 8).putInt(V2_COMPRESSED_COOKIE).putInt(written);
        return Arrays.copyOf(scratch.compressed, 8 + written);
    }

    /** The counts-array index of {@code value} in HdrHistogram's layout. */
    static int countsIndex(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucket = (int) (value >>> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
    }

    private static void putZigZag(ByteBuffer out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }
}
