package io.meshperf.agent.engine.singleflow;

import io.meshperf.agent.engine.wire.Wire;

/**
 * The 16-byte header of every SINGLE_FLOW UDP datagram, little-endian:
 * {@code 'M' 'F'} magic, version 1, type, u32 flow id (chosen by the client), u64 sequence number.
 * The payload follows. Pure.
 */
public final class Datagram {

    public static final int HEADER = 16;
    public static final byte VERSION = 1;

    /** client → server: payload = the 200-byte REQ. */
    public static final byte REQ = 1;
    /** server → client: payload = identity key/value block; both test clocks start here. */
    public static final byte ACCEPT = 2;
    /** client → server: one message; payload = msg_size bytes; seq = message number. */
    public static final byte DATA = 3;
    /** server → client (udp_lat): the answer to DATA with the same seq; payload = msg_size bytes. */
    public static final byte ECHO = 4;
    /** client → server: the client's timer expired; asks for STAT. */
    public static final byte END = 5;
    /** server → client: payload = 256-byte STAT then a key/value block. */
    public static final byte STAT = 6;
    /** client → server: STAT received; the server may forget the flow. */
    public static final byte DONE = 7;
    /** server → client: payload = UTF-8 error text (qperf's error path, for UDP). */
    public static final byte ERROR = 8;

    private Datagram() {
    }

    /** Writes a header into {@code b}. */
    public static void header(byte[] b, byte type, int flowId, long seq) {
        b[0] = 'M';
        b[1] = 'F';
        b[2] = VERSION;
        b[3] = type;
        Wire.putU32(b, 4, flowId & 0xffffffffL);
        Wire.putU64(b, 8, seq);
    }

    /** A datagram with a header and a copy of {@code payload}. */
    public static byte[] build(byte type, int flowId, long seq, byte[] payload) {
        byte[] b = new byte[HEADER + payload.length];
        header(b, type, flowId, seq);
        System.arraycopy(payload, 0, b, HEADER, payload.length);
        return b;
    }

    /** Whether {@code len} bytes of {@code b} start with a valid header. */
    public static boolean valid(byte[] b, int len) {
        return len >= HEADER && b[0] == 'M' && b[1] == 'F' && b[2] == VERSION;
    }

    public static byte type(byte[] b) {
        return b[3];
    }

    public static int flowId(byte[] b) {
        return (int) Wire.getU32(b, 4);
    }

    public static long seq(byte[] b) {
        return Wire.getU64(b, 8);
    }
}
