package io.meshperf.agent.engine.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian field codecs and exact reads for qperf's unframed control messages.
 *
 * <p>Pure helpers, any thread. Reads block on the given stream and fail with {@link EOFException}
 * when the stream ends early; the exception carries the bytes received so far so that a caller can
 * recognise a peer's error report (section 12 of the protocol notes).
 */
public final class Wire {

    /** Width of qperf's fixed-size strings. */
    public static final int STRING_SIZE = 64;

    private Wire() {
    }

    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    public static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static int getU16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    public static long getU32(byte[] b, int off) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    public static long getU64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Writes {@code s} as a NUL-terminated 64-byte field, cut to 63 bytes, zero-filled. */
    public static void putString(byte[] b, int off, String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, STRING_SIZE - 1);
        System.arraycopy(text, 0, b, off, n);
        for (int i = off + n; i < off + STRING_SIZE; i++) {
            b[i] = 0;
        }
    }

    /** Reads a 64-byte field up to its first NUL; what follows the NUL is ignored. */
    public static String getString(byte[] b, int off) {
        int end = off;
        while (end < off + STRING_SIZE && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /**
     * Reads exactly {@code n} bytes. Blocks (subject to the socket's read timeout).
     *
     * @throws ShortReadException when the stream ends first; it holds the partial bytes
     */
    public static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0) {
                byte[] partial = new byte[got];
                System.arraycopy(b, 0, partial, 0, got);
                throw new ShortReadException(n, partial);
            }
            got += r;
        }
        return b;
    }

    /** Reads until end of stream or {@code limit} bytes, whichever first. */
    public static byte[] readToEnd(InputStream in, int limit) throws IOException {
        byte[] b = new byte[limit];
        int got = 0;
        while (got < limit) {
            int r = in.read(b, got, limit - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        byte[] out = new byte[got];
        System.arraycopy(b, 0, out, 0, got);
        return out;
    }

    /** The stream ended before a message was complete. */
    public static final class ShortReadException extends EOFException {
        private static final long serialVersionUID = 1L;
        private final transient byte[] partial;

        public ShortReadException(int wanted, byte[] partial) {
            super("stream ended after " + partial.length + " of " + wanted + " bytes");
            this.partial = partial.clone();
        }

        public byte[] partial() {
            return partial.clone();
        }
    }
}
