package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One job the planner wants run: a source agent runs {@link #tests()} one after another against a
 * target, starting no earlier than {@link #startNotBefore()} and finishing by {@link #deadline()}.
 *
 * <p>Immutable; {@link JobMapper} turns it into the Avro {@code MeasurementJob} at publish time,
 * stamping the instant it is really issued.
 *
 * @param jobId deterministic and unique, see {@link JobIds}
 * @param sequence the latency round, or the bandwidth slot number ({@link SlotId#number()})
 * @param peerNode the other node of the pair; for a Service path, the node the pair was planned
 *     with (the backend that actually serves is reported in the result)
 */
public record PlannedJob(
        String jobId,
        String cluster,
        JobKind kind,
        long sequence,
        Agent source,
        String peerNode,
        JobTarget target,
        Path path,
        Duration testDuration,
        ProtocolMode protocolMode,
        Instant startNotBefore,
        Instant deadline) {

    public PlannedJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(peerNode, "peerNode");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(testDuration, "testDuration");
        Objects.requireNonNull(protocolMode, "protocolMode");
        Objects.requireNonNull(startNotBefore, "startNotBefore");
        Objects.requireNonNull(deadline, "deadline");
        if (!deadline.isAfter(startNotBefore)) {
            throw new IllegalArgumentException("job " + jobId + ": deadline " + deadline
                    + " must be after startNotBefore " + startNotBefore);
        }
    }

    /** The tests to run, in order. */
    public List<TestType> tests() {
        return kind.tests();
    }

    /** The node the source agent runs on. */
    public String sourceNode() {
        return source.node();
    }
}
