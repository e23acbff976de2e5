package io.meshperf.schemas.kafka;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroDeserializer} for {@link MeasurementJob}, to name in Kafka configuration by class. Thread-safe. */
public final class MeasurementJobDeserializer extends AvroDeserializer<MeasurementJob> {

    /** Uses the shared {@link Codecs#MEASUREMENT_JOB}, which reads every kept version. */
    public MeasurementJobDeserializer() {
        super(Codecs.MEASUREMENT_JOB);
    }
}
