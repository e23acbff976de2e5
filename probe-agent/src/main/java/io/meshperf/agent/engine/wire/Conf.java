package io.meshperf.agent.engine.wire;

import java.util.Objects;

/** The conf reply (section 9): node, cpu, os and qperf version, four 64-byte strings. Pure. */
public record Conf(String node, String cpu, String os, String qperf) {

    public static final int SIZE = 256;

    public Conf {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(qperf, "qperf");
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Wire.putString(b, 0, node);
        Wire.putString(b, 64, cpu);
        Wire.putString(b, 128, os);
        Wire.putString(b, 192, qperf);
        return b;
    }

    public static Conf decode(byte[] b) {
        if (b.length != SIZE) {
            throw new IllegalArgumentException("a CONF is " + SIZE + " bytes, got " + b.length);
        }
        return new Conf(Wire.getString(b, 0), Wire.getString(b, 64), Wire.getString(b, 128), Wire.getString(b, 192));
    }
}
