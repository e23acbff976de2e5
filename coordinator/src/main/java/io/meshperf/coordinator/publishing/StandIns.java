package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ResultOrigin;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Results the coordinator writes itself, marked {@link ResultOrigin#COORDINATOR}, for tests no
 * agent answered: TIMEOUT when the deadline and grace passed in silence, SKIPPED when the source
 * agent left the cluster. So a dead agent shows up as data. Pure and stateless.
 */
public final class StandIns {

    /** {@code agentVersion} of every coordinator-written result. */
    public static final String WRITER = "meshperf-coordinator";
    /** qperf's default message sizes, reported when the job left the size to the test. */
    static final int BANDWIDTH_DEFAULT_BYTES = 64 * 1024;
    static final int LATENCY_DEFAULT_BYTES = 1;

    private StandIns() {
    }

    /** TIMEOUT results for the missing tests of an expired job. */
    public static List<MeasurementResult> timeouts(OpenJobs.Open open, Instant now) {
        return of(open, Status.TIMEOUT, "no result from agent " + open.job().getSource().getAgentId()
                + " by the job's deadline " + open.job().getDeadline() + " plus grace; written by the coordinator", now);
    }

    /** SKIPPED results for the missing tests of a job whose source agent left the cluster. */
    public static List<MeasurementResult> sourceLeft(OpenJobs.Open open, Instant now) {
        return of(open, Status.SKIPPED, "source agent " + open.job().getSource().getAgentId()
                + " left the cluster before answering; written by the coordinator", now);
    }

    /** One result per missing test, in the job's test order, with {@code status} and {@code reason}. */
    static List<MeasurementResult> of(OpenJobs.Open open, Status status, String reason, Instant now) {
        Objects.requireNonNull(now, "now");
        MeasurementJob job = open.job();
        List<MeasurementResult> out = new ArrayList<>(open.missing().size());
        for (TestType test : job.getTests()) {
            if (!open.missing().contains(test)) {
                continue;
            }
            int size = job.getMessageSizeBytes() != null ? job.getMessageSizeBytes()
                    : test == TestType.TCP_BW || test == TestType.UDP_BW ? BANDWIDTH_DEFAULT_BYTES : LATENCY_DEFAULT_BYTES;
            out.add(MeasurementResult.newBuilder()
                    .setJobId(job.getJobId())
                    .setCluster(job.getCluster())
                    .setPath(job.getPath())
                    .setTest(test)
                    .setStatus(status)
                    .setReason(reason)
                    .setOrigin(ResultOrigin.COORDINATOR)
                    .setSource(job.getSource())
                    .setTarget(job.getTarget())
                    .setProtocolMode(job.getProtocolMode())
                    .setStartedAt(job.getStartNotBefore())
                    .setEndedAt(now)
                    .setDurationSec((int) Math.max(1, (job.getDurationMs() + 999L) / 1000))
                    .setMessageSizeBytes(size)
                    .setAgentVersion(WRITER)
                    .build());
        }
        return out;
    }
}
