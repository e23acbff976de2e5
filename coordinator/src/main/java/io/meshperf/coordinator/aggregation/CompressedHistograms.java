package io.meshperf.coordinator.aggregation;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;

/**
 * HdrHistogram's compressed encoding (what {@code Histogram.encodeIntoCompressedByteBuffer} writes:
 * the compressed-encoding cookie, the compressed length, then the V2 encoding deflated at the default
 * level), produced with one {@link Deflater} and scratch buffers kept per thread. HdrHistogram's
 * own method makes a new Deflater (hundreds of kilobytes of native memory) and a buffer the size of
 * the whole counts array for every call, which dominated writing closed windows. The bytes are the
 * same; {@code Histogram.decodeFromCompressedByteBuffer} reads them. Thread-safe through thread
 * confinement; CPU only.
 */
final class CompressedHistograms {

    /** HdrHistogram's cookie for a compressed V2 encoding of a long-counts histogram. */
    private static final int V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private CompressedHistograms() {
    }

    private static final class Scratch {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        private ByteBuffer uncompressed = ByteBuffer.allocate(0);
        private byte[] compressed = new byte[0];
    }

    /** The compressed encoding of {@code histogram}. */
    static byte[] encode(Histogram histogram) {
        Scratch scratch = SCRATCH.get();
        int needed = histogram.getNeededByteBufferCapacity();
        if (scratch.uncompressed.capacity() < needed) {
            scratch.uncompressed = ByteBuffer.allocate(needed);
        }
        ByteBuffer uncompressed = scratch.uncompressed;
        uncompressed.clear();
        int length = histogram.encodeIntoByteBuffer(uncompressed);
        // Deflate never grows its input by more than a few bytes per 16 KiB block.
        int bound = 8 + length + length / 1000 + 64;
        if (scratch.compressed.length < bound) {
            scratch.compressed = new byte[bound];
        }
        Deflater deflater = scratch.deflater;
        deflater.reset();
        deflater.setInput(uncompressed.array(), 0, length);
        deflater.finish();
        int written = deflater.deflate(scratch.compressed, 8, scratch.compressed.length - 8);
        if (!deflater.finished()) {
            throw new IllegalStateException("deflate output exceeded its bound of " + bound + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(scratch.compressed, 0, 8);
        header.putInt(V2_COMPRESSED_COOKIE).putInt(written);
        return Arrays.copyOf(scratch.compressed, 8 + written);
    }
}
