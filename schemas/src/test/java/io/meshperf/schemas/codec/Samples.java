package io.meshperf.schemas.codec;

import io.meshperf.schemas.Fixtures;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.provider.Arguments;

/** Every record fixture with the codec that carries it, for table-driven codec tests. */
final class Samples {

    private Samples() {
    }

    /** (name, codec, record) rows: fully populated and minimal of every topic record, plus typical results. */
    static List<Arguments> all() {
        return List.of(
                row("full job", Codecs.MEASUREMENT_JOB, Fixtures.fullJob()),
                row("minimal job", Codecs.MEASUREMENT_JOB, Fixtures.minimalJob()),
                row("full result", Codecs.MEASUREMENT_RESULT, Fixtures.fullResult()),
                row("latency result", Codecs.MEASUREMENT_RESULT, Fixtures.latencyResult()),
                row("bandwidth result", Codecs.MEASUREMENT_RESULT, Fixtures.bandwidthResult()),
                row("minimal result", Codecs.MEASUREMENT_RESULT, Fixtures.minimalResult()),
                row("full agent info", Codecs.AGENT_INFO, Fixtures.fullAgentInfo()),
                row("minimal agent info", Codecs.AGENT_INFO, Fixtures.minimalAgentInfo()),
                row("full aggregate", Codecs.PAIR_AGGREGATE, Fixtures.fullAggregate()),
                row("minimal aggregate", Codecs.PAIR_AGGREGATE, Fixtures.minimalAggregate()));
    }

    private static <T extends SpecificRecord> Arguments row(String name, AvroCodec<T> codec, T record) {
        return Arguments.of(name, codec, record);
    }

    /** Encodes with the codec whose type matches the record. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> byte[] encode(AvroCodec<?> codec, SpecificRecord record) {
        return ((AvroCodec<T>) codec).encode((T) record);
    }
}
