package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.ResultOrigin;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.util.Objects;

/** The part of a result on {@code meshperf.results} that closes a job's test. Immutable. */
public record ResultSeen(String jobId, TestType test, Status status, ResultOrigin origin) {

    public ResultSeen {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(origin, "origin");
    }
}
