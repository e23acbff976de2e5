package io.meshperf.schemas.kafka;

import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroSerializer} for {@link PairAggregate}, to name in Kafka configuration by class. Thread-safe. */
public final class PairAggregateSerializer extends AvroSerializer<PairAggregate> {

    /** Uses the shared {@link Codecs#PAIR_AGGREGATE}. */
    public PairAggregateSerializer() {
        super(Codecs.PAIR_AGGREGATE);
    }
}
