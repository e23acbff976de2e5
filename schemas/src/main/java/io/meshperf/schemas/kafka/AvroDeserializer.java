package io.meshperf.schemas.kafka;

import io.meshperf.schemas.codec.AvroCodec;
import io.meshperf.schemas.codec.RecordDecodeException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading Avro single-object bytes written with any kept version of a
 * record. A null value (a tombstone) becomes null.
 *
 * <p>Bytes that cannot be decoded raise Kafka's {@link SerializationException} whose cause is the
 * {@link RecordDecodeException}, so an error handler can read its reason and send the bytes to the
 * dead-letter topic. Stateless and thread-safe; runs on the consumer's polling thread, never blocks.
 * Use a named subclass (e.g. {@link MeasurementResultDeserializer}) where Kafka wants a class name.
 *
 * @param <T> the generated record class
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final AvroCodec<T> codec;

    /** A deserializer reading with {@code codec}. */
    public AvroDeserializer(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * Decodes {@code data}, or returns null for a null value.
     *
     * @throws SerializationException with a {@link RecordDecodeException} cause if the bytes cannot be decoded
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (RecordDecodeException e) {
            throw new SerializationException(
                    "Cannot deserialize a value from topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
