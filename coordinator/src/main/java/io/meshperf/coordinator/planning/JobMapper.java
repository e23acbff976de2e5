package io.meshperf.coordinator.planning;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.MeasurementJob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link PlannedJob} into the Avro {@link MeasurementJob} that goes on {@code meshperf.jobs}.
 *
 * <p>Planning works on immutable records and maps to Avro only at publish time because Avro's
 * generated classes are mutable (nothing stops a consumer of a plan from changing a shared job), and
 * because {@code issuedAt} should say when a job was really sent, which the planner does not know.
 * {@code messageSizeBytes} is left null (qperf's default per test). Stateless and thread-safe;
 * each call builds new Avro objects.
 */
public final class JobMapper {

    private final PlanConfig config;

    public JobMapper(PlanConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The Avro job, stamped as issued at {@code issuedAt}. */
    public MeasurementJob toMeasurementJob(PlannedJob job, Instant issuedAt) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(issuedAt, "issuedAt");
        AgentRef source = new AgentRef(job.source().id(), job.cluster(), job.source().node(),
                job.source().network(), job.source().pod(), job.source().address());
        JobTarget t = job.target();
        Endpoint target = new Endpoint(t.kind(), t.host(), t.port(), t.node(), t.pod(), t.service(), t.agentId());
        boolean latency = job.kind() == JobKind.LATENCY;
        return new MeasurementJob(
                job.jobId(),
                job.cluster(),
                latency ? job.sequence() : null,
                latency ? null : job.sequence(),
                issuedAt,
                job.startNotBefore(),
                job.deadline(),
                source,
                target,
                job.path(),
                List.copyOf(job.tests()),
                (int) job.testDuration().toMillis(),
                null,
                job.protocolMode(),
                (int) config.controlTimeout().toMillis());
    }
}
