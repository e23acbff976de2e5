package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bytes of a {@link PairWindow} in a state store and its changelog. Stream threads write a
 * window on every update, so the format is small and cheap: varints, sparse histograms as
 * delta-encoded (value, count) pairs, enums by ordinal (Avro enums only ever gain symbols at the
 * end). A leading version byte lets the format change without losing stored state: values written
 * by an older format (in a store or its changelog when a new version starts) still decode.
 * <ul>
 *   <li>1: counts, failures, per sample set the latency and bandwidth histograms and the cost sums,
 *       UDP counters, backends.</li>
 *   <li>2 (written now): each sample set also holds the msg_rate, local cpus used and remote cpus
 *       used sums, after the cost sums. A version-1 value reads with those empty.</li>
 * </ul>
 * A coordinator that only knows version 1 cannot read version 2 (it names the version it met), so
 * replicas are upgraded together (AGGREGATION.md, "Store format").
 *
 * <p>Internal state only: what other components read is the Avro {@code PairAggregate}. Pure and
 * thread-safe; bad bytes raise {@link IllegalArgumentException}.
 */
public final class PairWindowCodec {

    /** The format {@link #encode} writes. */
    static final byte VERSION = 2;
    /** The first format, without msg_rate and cpus used; still read. */
    static final byte VERSION_1 = 1;
    private static final TestType[] TESTS = TestType.values();
    private static final Status[] STATUSES = Status.values();

    private PairWindowCodec() {
    }

    /** Encodes {@code window}. */
    public static byte[] encode(PairWindow window) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(VERSION);
            out.writeByte(window.tests.size());
            for (Map.Entry<TestType, TestWindow> entry : window.tests.entrySet()) {
                out.writeByte(entry.getKey().ordinal());
                writeTest(out, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes bytes written by {@link #encode}.
     *
     * @throws IllegalArgumentException if they are not such bytes
     */
    public static PairWindow decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte version = in.get();
            if (version != VERSION && version != VERSION_1) {
                throw new IllegalArgumentException("unknown PairWindow format version " + version);
            }
            PairWindow window = new PairWindow();
            int tests = in.get();
            for (int i = 0; i < tests; i++) {
                TestType test = symbol(TESTS, in.get(), "test");
                window.tests.put(test, readTest(in, version));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the PairWindow");
            }
            return window;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("PairWindow bytes end too early", e);
        }
    }

    private static void writeTest(DataOutputStream out, TestWindow test) throws IOException {
        writeVarLong(out, test.count);
        writeVarLong(out, test.okCount);
        writeVarLong(out, test.busyCount);
        out.writeByte(test.failures.size());
        for (Map.Entry<Status, Long> failure : test.failures.entrySet()) {
            out.writeByte(failure.getKey().ordinal());
            writeVarLong(out, failure.getValue());
        }
        writeSamples(out, test.all);
        writeSamples(out, test.idle);
        writeVarLong(out, test.udpMessagesSent);
        writeVarLong(out, test.udpMessagesReceived);
        writeVarLong(out, test.servedBy.size());
        for (Map.Entry<String, Long> served : test.servedBy.entrySet()) {
            byte[] name = served.getKey().getBytes(StandardCharsets.UTF_8);
            writeVarLong(out, name.length);
            out.write(name);
            writeVarLong(out, served.getValue());
        }
    }

    private static TestWindow readTest(ByteBuffer in, byte version) {
        TestWindow test = new TestWindow();
        test.count = readVarLong(in);
        test.okCount = readVarLong(in);
        test.busyCount = readVarLong(in);
        int failures = in.get();
        for (int i = 0; i < failures; i++) {
            test.failures.put(symbol(STATUSES, in.get(), "status"), readVarLong(in));
        }
        readSamples(in, test.all, version);
        readSamples(in, test.idle, version);
        test.udpMessagesSent = readVarLong(in);
        test.udpMessagesReceived = readVarLong(in);
        long served = readVarLong(in);
        for (long i = 0; i < served; i++) {
            int length = (int) readVarLong(in);
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("backend name length " + length + " exceeds the bytes left");
            }
            byte[] name = new byte[length];
            in.get(name);
            test.servedBy.put(new String(name, StandardCharsets.UTF_8), readVarLong(in));
        }
        return test;
    }

    private static void writeSamples(DataOutputStream out, Samples samples) throws IOException {
        writeCounts(out, samples.latencyNs);
        writeCounts(out, samples.bandwidthBytesPerSec);
        writeMean(out, samples.sendCost);
        writeMean(out, samples.recvCost);
        writeMean(out, samples.msgRate);
        writeMean(out, samples.localCpusUsed);
        writeMean(out, samples.remoteCpusUsed);
    }

    private static void readSamples(ByteBuffer in, Samples samples, byte version) {
        readCounts(in, samples.latencyNs);
        readCounts(in, samples.bandwidthBytesPerSec);
        readMean(in, samples.sendCost);
        readMean(in, samples.recvCost);
        if (version >= 2) {
            readMean(in, samples.msgRate);
            readMean(in, samples.localCpusUsed);
            readMean(in, samples.remoteCpusUsed);
        }
    }

    private static void writeMean(DataOutputStream out, Mean mean) throws IOException {
        out.writeDouble(mean.sum);
        writeVarLong(out, mean.count);
    }

    private static void readMean(ByteBuffer in, Mean mean) {
        mean.sum = in.getDouble();
        mean.count = readVarLong(in);
    }

    private static void writeCounts(DataOutputStream out, ValueCounts counts) throws IOException {
        writeVarLong(out, counts.size());
        long previous = 0;
        for (int i = 0; i < counts.size(); i++) {
            long value = counts.value(i);
            writeVarLong(out, value - previous);
            writeVarLong(out, counts.count(i));
            previous = value;
        }
    }

    private static void readCounts(ByteBuffer in, ValueCounts counts) {
        long size = readVarLong(in);
        long value = 0;
        for (long i = 0; i < size; i++) {
            value += readVarLong(in);
            counts.add(value, readVarLong(in));
        }
    }

    /** Unsigned LEB128; every number written here is non-negative. */
    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative counter " + value);
        }
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits");
    }

    private static <E> E symbol(E[] symbols, byte ordinal, String what) {
        if (ordinal < 0 || ordinal >= symbols.length) {
            throw new IllegalArgumentException("unknown " + what + " ordinal " + ordinal);
        }
        return symbols[ordinal];
    }
}
