package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

    static List<Arguments> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsEveryRecord(String name, AvroCodec<?> codec, SpecificRecord record) {
        byte[] bytes = Samples.encode(codec, record);

        assertThat(codec.decode(bytes)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesTheSingleObjectHeaderWithTheCurrentFingerprint(String name, AvroCodec<?> codec, SpecificRecord record) {
        byte[] bytes = Samples.encode(codec, record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaHistory.fingerprint(record.getSchema()))
                .isEqualTo(codec.fingerprint());
    }

    @Test
    void typicalResultsAreWellUnderOneKibibyte() {
        Map<String, MeasurementResult> typical = new LinkedHashMap<>();
        typical.put("OK tcp_lat result (LatencyStats, both NodeStats, servedBy)", Fixtures.latencyResult());
        typical.put("OK tcp_bw result (both NodeStats, servedBy)", Fixtures.bandwidthResult());
        typical.forEach((what, result) -> {
            int size = Codecs.MEASUREMENT_RESULT.encode(result).length;
            System.out.printf("encoded size of %s: %d bytes%n", what, size);
            assertThat(size).as(what).isLessThan(640);
        });
        int full = Codecs.MEASUREMENT_RESULT.encode(Fixtures.fullResult()).length;
        System.out.printf("encoded size of a result with every field set (both conf blocks too): %d bytes%n", full);
        assertThat(full).isLessThan(1024);
    }

    @Test
    void eachEncodeReturnsBytesOfItsOwn() {
        byte[] first = Codecs.MEASUREMENT_RESULT.encode(Fixtures.latencyResult());
        byte[] copy = first.clone();

        byte[] second = Codecs.MEASUREMENT_RESULT.encode(Fixtures.fullResult());

        assertThat(second).isNotSameAs(first);
        assertThat(first).isEqualTo(copy);
    }

    @Test
    void microsecondTimestampsSurviveExactly() {
        MeasurementResult decoded = Codecs.MEASUREMENT_RESULT.decode(
                Codecs.MEASUREMENT_RESULT.encode(Fixtures.latencyResult()));

        assertThat(decoded.getStartedAt()).isEqualTo(Fixtures.T0);
    }

    @Test
    void refusesToEncodeARecordMissingARequiredField() {
        MeasurementJob job = Fixtures.minimalJob();
        job.setJobId(null);

        assertThatThrownBy(() -> Codecs.MEASUREMENT_JOB.encode(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot encode MeasurementJob");
    }

    @Test
    void findsTheSharedCodecByType() {
        assertThat(Codecs.forType(MeasurementResult.class)).isSameAs(Codecs.MEASUREMENT_RESULT);
        assertThatThrownBy(() -> Codecs.forType(io.meshperf.schemas.AgentRef.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AgentRef is not a topic record");
    }
}
