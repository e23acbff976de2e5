package io.meshperf.agent.engine.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * meshperf's one extension record on a qperf stream: a u16 little-endian length, then that many
 * bytes of UTF-8 {@code key=value} lines. It carries a server's identity and its process CPU time.
 * It is only ever sent to a client that marked its request, so a stock peer never sees one. Pure.
 */
public final class KeyValueBlock {

    /** Longest block accepted; a longer length is a protocol error. */
    public static final int MAX_SIZE = 4096;

    private KeyValueBlock() {
    }

    public static byte[] encode(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (v != null) {
                sb.append(k).append('=').append(v.replace('\n', ' ')).append('\n');
            }
        });
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_SIZE) {
            throw new IllegalArgumentException("key/value block of " + text.length + " bytes exceeds " + MAX_SIZE);
        }
        byte[] b = new byte[2 + text.length];
        Wire.putU16(b, 0, text.length);
        System.arraycopy(text, 0, b, 2, text.length);
        return b;
    }

    /** Reads one block from a stream. Blocks; fails on end of stream or an oversized length. */
    public static Map<String, String> read(InputStream in) throws IOException {
        int len = Wire.getU16(Wire.readExactly(in, 2), 0);
        if (len > MAX_SIZE) {
            throw new IOException("meshperf key/value block claims " + len + " bytes (limit " + MAX_SIZE + ")");
        }
        return parse(Wire.readExactly(in, len), 0, len);
    }

    /** Decodes a whole block (length prefix included) held in {@code b} from {@code off}. */
    public static Map<String, String> decode(byte[] b, int off, int available) throws IOException {
        if (available < 2) {
            throw new IOException("meshperf key/value block truncated");
        }
        int len = Wire.getU16(b, off);
        if (len > MAX_SIZE || len > available - 2) {
            throw new IOException("meshperf key/value block claims " + len + " bytes, " + (available - 2)
                    + " present");
        }
        return parse(b, off + 2, len);
    }

    private static Map<String, String> parse(byte[] b, int off, int len) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(b, off, len, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
