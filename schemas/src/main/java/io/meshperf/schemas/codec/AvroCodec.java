package io.meshperf.schemas.codec;

import io.meshperf.schemas.codec.RecordDecodeException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes one generated record class to Avro single-object bytes (2-byte marker 0xC3 0x01, 8-byte
 * little-endian schema fingerprint, Avro binary body) and decodes such bytes written with the current
 * schema or any version kept in its {@link SchemaHistory}, resolved into the current class.
 *
 * <p>Thread-safe: one instance is meant to be shared by every thread (see {@link Codecs}). Avro's
 * message encoder and decoder keep their buffers per thread, and this class holds no mutable state
 * after construction. Encoding and decoding are CPU-only and never block.
 *
 * <p>Decoding fails only with {@link RecordDecodeException}; see {@link #decode(byte[])}.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroCodec.class);

    /** Length of the single-object header: marker plus fingerprint. */
    public static final int HEADER_BYTES = 10;
    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};

    private final Class<T> type;
    private final Schema schema;
    private final long fingerprint;
    private final SchemaHistory history;
    private final Map<Long, Schema> writerSchemas;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /**
     * A codec for {@code type} that reads every version in {@code history} and the current schema.
     *
     * @throws IllegalArgumentException if the history belongs to another record
     */
    public AvroCodec(Class<T> type, SchemaHistory history) {
        this.type = Objects.requireNonNull(type, "type");
        this.history = Objects.requireNonNull(history, "history");
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        if (!schema.getName().equals(history.recordName())) {
            throw new IllegalArgumentException("History of " + history.recordName() + " given for " + schema.getName());
        }
        this.fingerprint = SchemaHistory.fingerprint(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        Map<Long, Schema> writers = new HashMap<>();
        writers.put(fingerprint, schema);
        for (Schema version : history.versions()) {
            decoder.addSchema(version);
            writers.put(SchemaHistory.fingerprint(version), version);
        }
        this.writerSchemas = Map.copyOf(writers);
        // The history test fails on this; at run time the codec still reads current and kept data.
        history.releaseProblem(schema).ifPresent(problem -> LOG.warn("{}", problem));
    }

    /** A codec for {@code type} with the versions kept on the class path. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type, SchemaHistory.load(type.getSimpleName()));
    }

    /** The generated class this codec reads and writes. */
    public Class<T> type() {
        return type;
    }

    /** The current (writer) schema. */
    public Schema schema() {
        return schema;
    }

    /** Fingerprint of the current schema, as written into every header. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The versions this codec can read. */
    public SchemaHistory history() {
        return history;
    }

    /**
     * Encodes {@code record} with the current schema.
     *
     * @throws IllegalArgumentException if the record cannot be written, e.g. a required field is null
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        ByteBuffer encoded;
        try {
            // Avro writes into a per-thread buffer and hands back an exactly sized copy.
            encoded = encoder.encode(record);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + schema.getName() + " to memory failed", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        if (encoded.hasArray() && encoded.arrayOffset() == 0 && encoded.position() == 0
                && encoded.remaining() == encoded.array().length) {
            return encoded.array();
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    /**
     * Decodes single-object bytes written with the current schema or any kept version.
     *
     * @throws RecordDecodeException if the bytes are null or empty, not single-object Avro, name an
     *     unknown schema, end early, or are not a valid body of the schema they name; its reason says
     *     which. No other exception escapes for bad input.
     */
    public T decode(byte[] bytes) {
        Schema writer = writerOf(bytes);
        long written = fingerprintOf(bytes);
        try {
            int bodyEnd = WireScan.scan(writer, bytes, HEADER_BYTES);
            if (bodyEnd != bytes.length) {
                throw failure(Reason.CORRUPT, written, (bytes.length - bodyEnd) + " bytes follow the end of the record",
                        null);
            }
        } catch (WireScan.Failure scanFailure) {
            throw failure(scanFailure.reason(), written, scanFailure.describe(), null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            // The scan checked the layout, so what Avro still rejects is content (e.g. a bad decimal).
            throw failure(Reason.CORRUPT, written, "Avro rejected the body: " + e, e);
        }
    }

    private Schema writerOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw failure(Reason.EMPTY, null, bytes == null ? "no bytes (null)" : "zero bytes", null);
        }
        for (int i = 0; i < Math.min(MARKER.length, bytes.length); i++) {
            if (bytes[i] != MARKER[i]) {
                throw failure(Reason.NOT_SINGLE_OBJECT, null, "starts with " + hexBytes(bytes, 2)
                        + ", not the single-object marker 0xc3 0x01", null);
            }
        }
        if (bytes.length < HEADER_BYTES) {
            throw failure(Reason.TRUNCATED, null, bytes.length + " bytes, shorter than the " + HEADER_BYTES
                    + "-byte single-object header", null);
        }
        long written = fingerprintOf(bytes);
        Schema writer = writerSchemas.get(written);
        if (writer == null) {
            throw failure(Reason.UNKNOWN_FINGERPRINT, written, "schema fingerprint " + SchemaHistory.hex(written)
                    + " is not a known version of " + schema.getFullName() + " (current "
                    + SchemaHistory.hex(fingerprint) + ", kept " + history.describe() + ")", null);
        }
        return writer;
    }

    private static long fingerprintOf(byte[] bytes) {
        long value = 0;
        for (int i = HEADER_BYTES - 1; i >= MARKER.length; i--) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    private RecordDecodeException failure(Reason reason, Long written, String detail, Throwable cause) {
        return new RecordDecodeException(reason, schema.getName(), written, detail, cause);
    }

    private static String hexBytes(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(max, bytes.length); i++) {
            text.append(i == 0 ? "" : " ").append(String.format("0x%02x", bytes[i] & 0xff));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "AvroCodec[" + schema.getName() + " " + SchemaHistory.hex(fingerprint) + "]";
    }
}
