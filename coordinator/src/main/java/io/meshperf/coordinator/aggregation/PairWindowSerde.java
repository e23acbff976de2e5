package io.meshperf.coordinator.aggregation;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for the {@link PairWindow} state of the window stores, through
 * {@link PairWindowCodec}. Stateless and thread-safe; runs on stream threads and query threads.
 */
public final class PairWindowSerde implements Serde<PairWindow> {

    @Override
    public Serializer<PairWindow> serializer() {
        return (topic, window) -> window == null ? null : PairWindowCodec.encode(window);
    }

    @Override
    public Deserializer<PairWindow> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return PairWindowCodec.decode(data);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Cannot read a PairWindow from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
