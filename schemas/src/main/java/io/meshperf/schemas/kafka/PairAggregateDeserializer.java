package io.meshperf.schemas.kafka;

import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroDeserializer} for {@link PairAggregate}, to name in Kafka configuration by class. Thread-safe. */
public final class PairAggregateDeserializer extends AvroDeserializer<PairAggregate> {

    /** Uses the shared {@link Codecs#PAIR_AGGREGATE}, which reads every kept version. */
    public PairAggregateDeserializer() {
        super(Codecs.PAIR_AGGREGATE);
    }
}
