package io.meshperf.schemas.codec;

import io.meshperf.schemas.codec.RecordDecodeException.Reason;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks one Avro binary value against its writer schema without building it, checking that every
 * length, count and index fits the bytes actually present.
 *
 * <p>Why: Avro's decoder allocates a string, byte array or collection as large as the length prefix
 * says (up to 2 GiB) before it notices the input is shorter. One corrupt message on a topic would
 * then take a consumer down with an OutOfMemoryError instead of going to the dead-letter topic. After
 * this scan succeeds, no length Avro reads can exceed the message, and the scan also tells a cut-off
 * message ({@link Reason#TRUNCATED}) from a malformed one ({@link Reason#CORRUPT}) and finds trailing
 * garbage, which Avro ignores.
 *
 * <p>One instance per scan; not thread-safe, never blocks, allocates nothing on the happy path.
 */
final class WireScan {

    /** Recursive schemas could nest as deep as the input is long; stop well before the stack does. */
    private static final int MAX_DEPTH = 256;
    /** Collections whose items may take zero bytes cannot be bounded by the input size. */
    private static final long MAX_ZERO_SIZE_ITEMS = 1 << 16;

    /** Why and where the scan stopped; cheap (no stack trace) because it is expected on bad input. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final Reason reason;
        private final StringBuilder where = new StringBuilder();

        Failure(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        Failure within(String segment) {
            where.insert(0, where.length() == 0 || where.charAt(0) == '[' ? segment : segment + ".");
            return this;
        }

        Reason reason() {
            return reason;
        }

        String describe() {
            return (where.length() == 0 ? "" : "at " + where + ": ") + getMessage();
        }
    }

    private final byte[] bytes;
    private final int end;
    private int pos;
    private int depth;

    private WireScan(byte[] bytes, int start) {
        this.bytes = bytes;
        this.end = bytes.length;
        this.pos = start;
    }

    /**
     * Scans one value of {@code schema} starting at {@code start} and returns the offset just after it.
     *
     * @throws Failure when the bytes run out (TRUNCATED) or break the schema's rules (CORRUPT)
     */
    static int scan(Schema schema, byte[] bytes, int start) throws Failure {
        WireScan scan = new WireScan(bytes, start);
        try {
            scan.value(schema);
        } catch (Failure failure) {
            throw failure.within(schema.getName());
        }
        return scan.pos;
    }

    private void value(Schema schema) throws Failure {
        if (++depth > MAX_DEPTH) {
            throw new Failure(Reason.CORRUPT, "values nest deeper than " + MAX_DEPTH + " levels");
        }
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> {
                int value = readByte();
                if (value > 1) {
                    throw new Failure(Reason.CORRUPT, "boolean byte " + value + " is neither 0 nor 1");
                }
            }
            case INT -> readVarint(5);
            case LONG -> readVarint(10);
            case FLOAT -> skip(4, "float");
            case DOUBLE -> skip(8, "double");
            case STRING, BYTES -> skip(length(schema.getType().getName()), schema.getType().getName());
            case FIXED -> skip(schema.getFixedSize(), "fixed");
            case ENUM -> index(readVarint(5), schema.getEnumSymbols().size(), "enum symbol");
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                int branch = index(readVarint(5), branches.size(), "union branch");
                value(branches.get(branch));
            }
            case ARRAY -> blocks(schema.getElementType(), false);
            case MAP -> blocks(schema.getValueType(), true);
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    try {
                        value(field.schema());
                    } catch (Failure failure) {
                        throw failure.within(field.name());
                    }
                }
            }
            default -> throw new IllegalStateException("Avro type " + schema.getType() + " is not handled");
        }
        depth--;
    }

    private void blocks(Schema items, boolean map) throws Failure {
        int itemMin = minSize(items) + (map ? 1 : 0);
        long seen = 0;
        for (long count = readVarint(10); count != 0; count = readVarint(10)) {
            if (count < 0) {
                // A negative count is followed by the block's size in bytes, which lets readers skip it.
                if (count == Long.MIN_VALUE) {
                    throw new Failure(Reason.CORRUPT, "block count " + count + " is out of range");
                }
                count = -count;
                long size = readVarint(10);
                if (size < 0) {
                    throw new Failure(Reason.CORRUPT, "block size " + size + " is negative");
                }
            }
            if (itemMin == 0 ? count > MAX_ZERO_SIZE_ITEMS : count > (end - pos) / itemMin) {
                throw new Failure(itemMin == 0 ? Reason.CORRUPT : Reason.TRUNCATED, "a block of " + count
                        + " items needs more than the " + (end - pos) + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                try {
                    if (map) {
                        skip(length("map key"), "map key");
                    }
                    value(items);
                } catch (Failure failure) {
                    throw failure.within("[" + (seen + i) + "]");
                }
            }
            seen += count;
        }
    }

    /** Fewest bytes one value of {@code schema} can take, so collection counts can be bounded. */
    private static int minSize(Schema schema) {
        // Only records can refer to themselves, so only they need the map that stops the recursion.
        return minSize(schema, schema.getType() == Schema.Type.RECORD ? new IdentityHashMap<>() : null);
    }

    private static int minSize(Schema schema, Map<Schema, Boolean> visiting) {
        return switch (schema.getType()) {
            case NULL -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case RECORD -> {
                if (visiting.put(schema, Boolean.TRUE) != null) {
                    yield 0;
                }
                int sum = 0;
                for (Schema.Field field : schema.getFields()) {
                    sum = Math.min(Integer.MAX_VALUE / 2, sum + minSize(field.schema(), visiting));
                }
                visiting.remove(schema);
                yield sum;
            }
            default -> 1;
        };
    }

    private long length(String what) throws Failure {
        long length = readVarint(10);
        if (length < 0) {
            throw new Failure(Reason.CORRUPT, what + " length " + length + " is negative");
        }
        return length;
    }

    private int index(long index, int size, String what) throws Failure {
        if (index < 0 || index >= size) {
            throw new Failure(Reason.CORRUPT, what + " index " + index + " is outside 0.." + (size - 1));
        }
        return (int) index;
    }

    private void skip(long count, String what) throws Failure {
        if (count > end - pos) {
            throw new Failure(Reason.TRUNCATED,
                    what + " needs " + count + " bytes but only " + (end - pos) + " remain");
        }
        pos += (int) count;
    }

    private int readByte() throws Failure {
        if (pos >= end) {
            throw new Failure(Reason.TRUNCATED, "the bytes end in the middle of the record");
        }
        return bytes[pos++] & 0xff;
    }

    /** Reads a zig-zag varint of at most {@code maxBytes} bytes (5 for int, 10 for long). */
    private long readVarint(int maxBytes) throws Failure {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = readByte();
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new Failure(Reason.CORRUPT, "variable-length number longer than " + maxBytes + " bytes");
    }
}
