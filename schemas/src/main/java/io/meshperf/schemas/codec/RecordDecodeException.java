package io.meshperf.schemas.codec;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The bytes given to {@link AvroCodec#decode(byte[])} are not a record the codec can read.
 *
 * <p>This is the only exception decoding throws for bad input, whatever went wrong inside Avro, so a
 * caller can catch it in one place and route the bytes to the dead-letter topic with
 * {@link #reason()} as the "why". It is unchecked because decoding usually runs inside Kafka
 * deserializers and stream lambdas, which cannot declare checked exceptions.
 */
public final class RecordDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the bytes could not be decoded; the names are stable and fit a Kafka header value. */
    public enum Reason {
        /** Null or zero bytes. */
        EMPTY,
        /** The bytes do not start with the single-object marker 0xC3 0x01: not single-object Avro at all. */
        NOT_SINGLE_OBJECT,
        /** The header names a schema fingerprint that is not a kept version of this record. */
        UNKNOWN_FINGERPRINT,
        /** The bytes end before the record does (a cut-off message). */
        TRUNCATED,
        /** The header is fine but the body is not a valid encoding of the schema it names. */
        CORRUPT
    }

    private final Reason reason;
    private final String recordName;
    private final Long fingerprint;

    RecordDecodeException(Reason reason, String recordName, Long fingerprint, String detail, Throwable cause) {
        super("Cannot decode " + recordName + " (" + reason + "): " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.recordName = Objects.requireNonNull(recordName, "recordName");
        this.fingerprint = fingerprint;
    }

    RecordDecodeException(Reason reason, String recordName, Long fingerprint, String detail) {
        this(reason, recordName, fingerprint, detail, null);
    }

    /** Why decoding failed. */
    public Reason reason() {
        return reason;
    }

    /** Simple name of the record the codec decodes, e.g. {@code MeasurementResult}. */
    public String recordName() {
        return recordName;
    }

    /** The schema fingerprint from the header, when the header was complete enough to hold one. */
    public OptionalLong fingerprint() {
        return fingerprint == null ? OptionalLong.empty() : OptionalLong.of(fingerprint);
    }
}
