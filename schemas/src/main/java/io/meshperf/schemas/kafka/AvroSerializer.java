package io.meshperf.schemas.kafka;

import io.meshperf.schemas.codec.AvroCodec;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing a record as Avro single-object bytes through a shared
 * {@link AvroCodec}. A null record becomes a null value (a tombstone).
 *
 * <p>Stateless and thread-safe; runs on the producer's calling thread and never blocks. Use a named
 * subclass (e.g. {@link MeasurementResultSerializer}) where Kafka wants a class name.
 *
 * @param <T> the generated record class
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final AvroCodec<T> codec;

    /** A serializer writing with {@code codec}. */
    public AvroSerializer(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * Encodes {@code data}, or returns null for a null record.
     *
     * @throws SerializationException if the record cannot be encoded (e.g. a required field is null)
     */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.encode(data);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Cannot serialize " + codec.schema().getName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }
}
