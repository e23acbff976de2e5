package io.meshperf.schemas.kafka;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroSerializer} for {@link MeasurementResult}, to name in Kafka configuration by class. Thread-safe. */
public final class MeasurementResultSerializer extends AvroSerializer<MeasurementResult> {

    /** Uses the shared {@link Codecs#MEASUREMENT_RESULT}. */
    public MeasurementResultSerializer() {
        super(Codecs.MEASUREMENT_RESULT);
    }
}
