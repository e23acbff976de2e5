package io.meshperf.schemas.kafka;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.PairAggregate;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka {@link Serde}s (serializer plus deserializer) for each topic record, e.g. for Kafka Streams. Thread-safe. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** Serde for {@code meshperf.jobs} values. */
    public static Serde<MeasurementJob> measurementJob() {
        return Serdes.serdeFrom(new MeasurementJobSerializer(), new MeasurementJobDeserializer());
    }

    /** Serde for {@code meshperf.results} values. */
    public static Serde<MeasurementResult> measurementResult() {
        return Serdes.serdeFrom(new MeasurementResultSerializer(), new MeasurementResultDeserializer());
    }

    /** Serde for {@code meshperf.agents} values. */
    public static Serde<AgentInfo> agentInfo() {
        return Serdes.serdeFrom(new AgentInfoSerializer(), new AgentInfoDeserializer());
    }

    /** Serde for {@code meshperf.aggregates} values. */
    public static Serde<PairAggregate> pairAggregate() {
        return Serdes.serdeFrom(new PairAggregateSerializer(), new PairAggregateDeserializer());
    }
}
