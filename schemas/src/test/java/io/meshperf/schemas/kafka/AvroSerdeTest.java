package io.meshperf.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    static List<Arguments> classes() {
        return List.of(
                Arguments.of(MeasurementJobSerializer.class, MeasurementJobDeserializer.class, Fixtures.fullJob()),
                Arguments.of(MeasurementResultSerializer.class, MeasurementResultDeserializer.class,
                        Fixtures.latencyResult()),
                Arguments.of(AgentInfoSerializer.class, AgentInfoDeserializer.class, Fixtures.fullAgentInfo()),
                Arguments.of(PairAggregateSerializer.class, PairAggregateDeserializer.class, Fixtures.fullAggregate()));
    }

    /** Instantiates a class by its name and no-arg constructor, the way Kafka does from its configuration. */
    @SuppressWarnings("unchecked")
    private static <T> T byName(Class<?> type) throws ReflectiveOperationException {
        return (T) Class.forName(type.getName()).getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classes")
    void namedClassesRoundTripTheirRecord(Class<?> serializerClass, Class<?> deserializerClass, SpecificRecord record)
            throws ReflectiveOperationException {
        try (Serializer<SpecificRecord> serializer = byName(serializerClass);
                Deserializer<SpecificRecord> deserializer = byName(deserializerClass)) {
            serializer.configure(Map.of(), false);
            deserializer.configure(Map.of(), false);

            byte[] bytes = serializer.serialize("t", new RecordHeaders(), record);

            assertThat(deserializer.deserialize("t", new RecordHeaders(), bytes)).isEqualTo(record);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classes")
    void nullIsATombstoneBothWays(Class<?> serializerClass, Class<?> deserializerClass, SpecificRecord record)
            throws ReflectiveOperationException {
        try (Serializer<SpecificRecord> serializer = byName(serializerClass);
                Deserializer<SpecificRecord> deserializer = byName(deserializerClass)) {
            assertThat(serializer.serialize("t", null)).isNull();
            assertThat(deserializer.deserialize("t", null)).isNull();
        }
    }

    @Test
    void undecodableBytesRaiseSerializationExceptionCarryingTheReason() {
        byte[] notAvro = "hello".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new MeasurementResultDeserializer().deserialize("meshperf.results", notAvro))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("meshperf.results")
                .cause()
                .isInstanceOfSatisfying(RecordDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodeException.Reason.NOT_SINGLE_OBJECT));
    }

    @Test
    void aRecordMissingARequiredFieldRaisesSerializationException() {
        MeasurementResult broken = Fixtures.minimalResult();
        broken.setCluster(null);

        assertThatThrownBy(() -> new MeasurementResultSerializer().serialize("meshperf.results", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot serialize MeasurementResult");
    }

    @Test
    void serdesRoundTrip() {
        try (Serde<MeasurementResult> serde = AvroSerdes.measurementResult()) {
            byte[] bytes = serde.serializer().serialize("t", Fixtures.bandwidthResult());

            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(Fixtures.bandwidthResult());
        }
        assertThat(AvroSerdes.measurementJob().deserializer()).isInstanceOf(MeasurementJobDeserializer.class);
        assertThat(AvroSerdes.agentInfo().serializer()).isInstanceOf(AgentInfoSerializer.class);
        assertThat(AvroSerdes.pairAggregate().serializer()).isInstanceOf(PairAggregateSerializer.class);
    }
}
