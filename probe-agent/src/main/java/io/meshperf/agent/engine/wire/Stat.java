package io.meshperf.agent.engine.wire;

import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.Traffic;

/**
 * The server's statistics message (STAT, section 8.2): 252 encoded bytes plus 4 filler bytes. Pure.
 *
 * <p>The filler is unspecified in qperf. A meshperf server that was asked for its identity (see
 * {@link Request.Marker#IDENT}) writes {@link #IDENT_FOLLOWS} there and sends a {@link KeyValueBlock}
 * right after the STAT; a stock server never does, so the client knows whether to read one.
 */
public final class Stat {

    public static final int SIZE = 256;
    public static final int ENCODED_SIZE = 252;
    /** "MPID" in the filler: a key/value block follows the STAT. */
    public static final byte[] IDENT_FOLLOWS = {'M', 'P', 'I', 'D'};

    private Stat() {
    }

    public static byte[] encode(NodeRecord r, boolean identFollows) {
        byte[] b = new byte[SIZE];
        Wire.putU32(b, 0, r.noCpus());
        Wire.putU32(b, 4, r.noTicks());
        Wire.putU32(b, 8, 0);
        putSnapshot(b, 12, r.start());
        putSnapshot(b, 84, r.end());
        putTraffic(b, 156, r.sent());
        putTraffic(b, 180, r.received());
        if (identFollows) {
            System.arraycopy(IDENT_FOLLOWS, 0, b, ENCODED_SIZE, 4);
        }
        return b;
    }

    public static NodeRecord decode(byte[] b) {
        if (b.length < ENCODED_SIZE) {
            throw new IllegalArgumentException("a STAT is " + SIZE + " bytes, got " + b.length);
        }
        return new NodeRecord((int) Wire.getU32(b, 0), (int) Wire.getU32(b, 4), getSnapshot(b, 12),
                getSnapshot(b, 84), getTraffic(b, 156), getTraffic(b, 180));
    }

    /** Whether the filler announces a meshperf key/value block after this STAT. */
    public static boolean identFollows(byte[] b) {
        return b.length == SIZE && b[252] == 'M' && b[253] == 'P' && b[254] == 'I' && b[255] == 'D';
    }

    private static void putSnapshot(byte[] b, int off, CpuSnapshot s) {
        long[] slots = s.slots();
        for (int i = 0; i < slots.length; i++) {
            Wire.putU64(b, off + 8 * i, slots[i]);
        }
    }

    private static CpuSnapshot getSnapshot(byte[] b, int off) {
        long[] slots = new long[CpuSnapshot.SLOTS];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = Wire.getU64(b, off + 8 * i);
        }
        return CpuSnapshot.of(slots);
    }

    private static void putTraffic(byte[] b, int off, Traffic t) {
        Wire.putU64(b, off, t.bytes());
        Wire.putU64(b, off + 8, t.msgs());
        Wire.putU64(b, off + 16, t.errs());
    }

    private static Traffic getTraffic(byte[] b, int off) {
        return new Traffic(Wire.getU64(b, off), Wire.getU64(b, off + 8), Wire.getU64(b, off + 16));
    }
}
