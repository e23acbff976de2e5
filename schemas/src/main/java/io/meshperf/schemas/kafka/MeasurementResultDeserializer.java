package io.meshperf.schemas.kafka;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroDeserializer} for {@link MeasurementResult}, to name in Kafka configuration by class. Thread-safe. */
public final class MeasurementResultDeserializer extends AvroDeserializer<MeasurementResult> {

    /** Uses the shared {@link Codecs#MEASUREMENT_RESULT}, which reads every kept version. */
    public MeasurementResultDeserializer() {
        super(Codecs.MEASUREMENT_RESULT);
    }
}
