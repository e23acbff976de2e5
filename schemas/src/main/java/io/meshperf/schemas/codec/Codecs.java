package io.meshperf.schemas.codec;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.PairAggregate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One shared {@link AvroCodec} per record that travels on a topic.
 *
 * <p>Every codec here is thread-safe and meant to be shared: use these instances from any thread
 * instead of building new ones (building one parses the kept schema files). They are created when
 * this class is first used; a missing or unreadable history file fails that with an
 * {@link IllegalStateException} naming the file.
 */
public final class Codecs {

    /** {@code meshperf.jobs} values. */
    public static final AvroCodec<MeasurementJob> MEASUREMENT_JOB = AvroCodec.of(MeasurementJob.class);
    /** {@code meshperf.results} values. */
    public static final AvroCodec<MeasurementResult> MEASUREMENT_RESULT = AvroCodec.of(MeasurementResult.class);
    /** {@code meshperf.agents} values. */
    public static final AvroCodec<AgentInfo> AGENT_INFO = AvroCodec.of(AgentInfo.class);
    /** {@code meshperf.aggregates} values. */
    public static final AvroCodec<PairAggregate> PAIR_AGGREGATE = AvroCodec.of(PairAggregate.class);

    private static final List<AvroCodec<?>> ALL =
            List.of(MEASUREMENT_JOB, MEASUREMENT_RESULT, AGENT_INFO, PAIR_AGGREGATE);

    private Codecs() {
    }

    /** Every codec above. */
    public static List<AvroCodec<?>> all() {
        return ALL;
    }

    /**
     * The shared codec for {@code type}.
     *
     * @throws IllegalArgumentException if {@code type} is not a top-level topic record
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroCodec<T> forType(Class<T> type) {
        for (AvroCodec<?> codec : ALL) {
            if (codec.type().equals(type)) {
                return (AvroCodec<T>) codec;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a topic record; codecs exist for "
                + ALL.stream().map(c -> c.type().getSimpleName()).toList());
    }
}
