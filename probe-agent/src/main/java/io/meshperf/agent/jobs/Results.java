package io.meshperf.agent.jobs;

import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Instant;

/** Results the agent writes itself, for tests the engine never ran (skipped, stopped, invalid). Pure. */
final class Results {

    private Results() {
    }

    static MeasurementResult failure(MeasurementJob job, TestType test, Instant started, Instant ended, Status status,
                                     String reason) {
        return MeasurementResult.newBuilder()
                .setJobId(job.getJobId())
                .setCluster(job.getCluster())
                .setPath(job.getPath())
                .setTest(test)
                .setStatus(status)
                .setReason(reason)
                .setSource(job.getSource())
                .setTarget(job.getTarget())
                .setProtocolMode(job.getProtocolMode())
                .setStartedAt(started)
                .setEndedAt(ended)
                .setDurationSec(JobExecutor.timeSec(job))
                .setMessageSizeBytes(JobExecutor.messageSize(job, test))
                .setAgentVersion(EngineVersion.get())
                .build();
    }
}
