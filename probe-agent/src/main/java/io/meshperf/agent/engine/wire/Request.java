package io.meshperf.agent.engine.wire;

import java.util.Objects;

/**
 * qperf's 200-byte request (REQ), section 4 of the protocol notes. Immutable; encode and decode are
 * pure.
 *
 * <p>The {@code id} string (an RDMA device name, unused by socket tests) carries meshperf's marker
 * when a meshperf client asks for meshperf extensions; see {@link Marker}.
 */
public record Request(int verMaj, int verMin, int verInc, int reqIndex, int accessRecv, int affinity,
                      int flip, int msgSize, int noMsgs, int port, int sockBufSize, int time,
                      int timeout, String id) {

    public static final int SIZE = 200;
    public static final int HEADER_SIZE = 6;
    public static final int VER_MAJ = 0;
    public static final int VER_MIN = 4;
    public static final int VER_INC = 11;
    /** qperf's version as it prints it. */
    public static final String VERSION_TEXT = VER_MAJ + "." + VER_MIN + "." + VER_INC;

    public Request {
        Objects.requireNonNull(id, "id");
    }

    /** A request as the stock 0.4.11 client fills it, with every unused field zero. */
    public static Request of(int reqIndex, int msgSize, int time, int timeout) {
        return new Request(VER_MAJ, VER_MIN, VER_INC, reqIndex, 0, 0, 0, msgSize, 0, 0, 0, time, timeout, "");
    }

    public Request withId(String newId) {
        return new Request(verMaj, verMin, verInc, reqIndex, accessRecv, affinity, flip, msgSize, noMsgs, port,
                sockBufSize, time, timeout, newId);
    }

    /** The 200 bytes on the wire. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Wire.putU16(b, 0, verMaj);
        Wire.putU16(b, 2, verMin);
        Wire.putU16(b, 4, verInc);
        Wire.putU16(b, 6, reqIndex);
        Wire.putU32(b, 8, accessRecv);
        Wire.putU32(b, 12, affinity);
        Wire.putU32(b, 20, flip);
        Wire.putU32(b, 24, msgSize);
        Wire.putU32(b, 32, noMsgs);
        Wire.putU32(b, 40, port);
        Wire.putU32(b, 52, sockBufSize);
        Wire.putU32(b, 60, time);
        Wire.putU32(b, 64, timeout);
        Wire.putString(b, 72, id);
        return b;
    }

    /** Version numbers from the first 6 bytes, which the server checks before reading more. */
    public static int[] decodeVersion(byte[] header) {
        return new int[] {Wire.getU16(header, 0), Wire.getU16(header, 2), Wire.getU16(header, 4)};
    }

    /** Decodes a complete 200-byte request. Fields RDMA tests use are read and dropped. */
    public static Request decode(byte[] b) {
        if (b.length != SIZE) {
            throw new IllegalArgumentException("a request is " + SIZE + " bytes, got " + b.length);
        }
        return new Request(Wire.getU16(b, 0), Wire.getU16(b, 2), Wire.getU16(b, 4), Wire.getU16(b, 6),
                u32AsInt(b, 8), u32AsInt(b, 12), u32AsInt(b, 20), u32AsInt(b, 24), u32AsInt(b, 32),
                u32AsInt(b, 40), u32AsInt(b, 52), u32AsInt(b, 60), u32AsInt(b, 64), Wire.getString(b, 72));
    }

    /** Values above Integer.MAX_VALUE are clamped so that limit checks reject them plainly. */
    private static int u32AsInt(byte[] b, int off) {
        return (int) Math.min(Wire.getU32(b, off), Integer.MAX_VALUE);
    }

    /**
     * The version-mismatch text the stock server sends (section 4.2), or null when major and minor
     * match.
     */
    public static String versionMismatch(int maj, int min, int inc) {
        if (maj == VER_MAJ && min == VER_MIN) {
            return null;
        }
        String client = maj + "." + min + "." + inc;
        boolean clientLower = maj < VER_MAJ || (maj == VER_MAJ && min < VER_MIN);
        return clientLower
                ? "upgrade qperf on client from " + client + " to " + VERSION_TEXT
                : "upgrade qperf on server from " + VERSION_TEXT + " to " + client;
    }

    /** Markers a meshperf client writes into the {@code id} field; a stock server ignores them. */
    public static final class Marker {
        /** Prefix of every marker. */
        public static final String PREFIX = "meshperf/1";
        /** QPERF mode, and please name yourself after STAT if you are meshperf. */
        public static final String IDENT = PREFIX + " ident";
        /** SINGLE_FLOW mode: the whole test on this connection or UDP flow. */
        public static final String SINGLE_FLOW = PREFIX + " single-flow";

        private Marker() {
        }
    }
}
