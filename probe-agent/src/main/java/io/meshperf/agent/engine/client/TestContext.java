package io.meshperf.agent.engine.client;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.Path;
import java.util.Objects;

/** Who asked for a test and why: the job fields a {@code MeasurementResult} carries besides figures. */
public record TestContext(String jobId, String cluster, Path path, AgentRef source, Endpoint target) {

    public TestContext {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }
}
