package io.meshperf.agent.engine.wire;

import io.meshperf.schemas.TestType;
import java.util.Locale;
import java.util.Optional;

/**
 * The qperf requests this engine implements, with their index in the stock 0.4.11 test table and
 * their default message size (section 5 and 4.3 of the protocol notes).
 */
public enum TestKind {
    CONF(0, 0, null),
    QUIT(1, 0, null),
    TCP_BW(8, 65536, TestType.TCP_BW),
    TCP_LAT(9, 1, TestType.TCP_LAT),
    UDP_BW(10, 32768, TestType.UDP_BW),
    UDP_LAT(11, 1, TestType.UDP_LAT);

    /** Entries in the stock Debian binary's test table; indices at or past it are "bad". */
    public static final int STOCK_TABLE_SIZE = 33;

    private final int index;
    private final int defaultMsgSize;
    private final TestType testType;

    TestKind(int index, int defaultMsgSize, TestType testType) {
        this.index = index;
        this.defaultMsgSize = defaultMsgSize;
        this.testType = testType;
    }

    public int index() {
        return index;
    }

    public int defaultMsgSize() {
        return defaultMsgSize;
    }

    /** The Avro test type, or {@link TestType#UNKNOWN} for conf and quit. */
    public TestType testType() {
        return testType == null ? TestType.UNKNOWN : testType;
    }

    /** qperf's name, e.g. {@code tcp_bw}. */
    public String qperfName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isSocketTest() {
        return testType != null;
    }

    public boolean isTcp() {
        return this == TCP_BW || this == TCP_LAT;
    }

    public boolean isUdp() {
        return this == UDP_BW || this == UDP_LAT;
    }

    public boolean isLatency() {
        return this == TCP_LAT || this == UDP_LAT;
    }

    public static Optional<TestKind> byIndex(int index) {
        for (TestKind k : values()) {
            if (k.index == index) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public static Optional<TestKind> byName(String name) {
        for (TestKind k : values()) {
            if (k.qperfName().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
