package io.meshperf.schemas.kafka;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroSerializer} for {@link MeasurementJob}, to name in Kafka configuration by class. Thread-safe. */
public final class MeasurementJobSerializer extends AvroSerializer<MeasurementJob> {

    /** Uses the shared {@link Codecs#MEASUREMENT_JOB}. */
    public MeasurementJobSerializer() {
        super(Codecs.MEASUREMENT_JOB);
    }
}
