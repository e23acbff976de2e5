package io.meshperf.agent.engine.wire;

import java.nio.charset.StandardCharsets;

/** The two synchronisation strings (section 3), sent without terminator. */
public final class Sync {

    public static final String BEFORE_TEXT = "synchronization before test";
    public static final String AFTER_TEXT = "synchronization after test";
    private static final byte[] BEFORE = BEFORE_TEXT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER = AFTER_TEXT.getBytes(StandardCharsets.US_ASCII);

    private Sync() {
    }

    public static byte[] before() {
        return BEFORE.clone();
    }

    public static byte[] after() {
        return AFTER.clone();
    }
}
