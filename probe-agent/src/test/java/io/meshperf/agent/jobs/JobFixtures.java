package io.meshperf.agent.jobs;

import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.AgentId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Jobs for tests: agent {@code source} measuring {@code host:port}. */
public final class JobFixtures {

    /** All four socket tests, in the order jobs list them. */
    public static final List<TestType> ALL_TESTS = List.of(TestType.TCP_BW, TestType.TCP_LAT, TestType.UDP_BW,
            TestType.UDP_LAT);

    private JobFixtures() {
    }

    /** A job issued {@code now}, startable at once, with {@code window} until its deadline. */
    public static MeasurementJob.Builder job(String jobId, AgentId source, String host, int port, List<TestType> tests,
                                             Instant now, Duration window) {
        return MeasurementJob.newBuilder()
                .setJobId(jobId)
                .setCluster(source.cluster())
                .setIssuedAt(now)
                .setStartNotBefore(now)
                .setDeadline(now.plus(window))
                .setSource(source.toRef(null, "127.0.0.1"))
                .setTarget(Endpoint.newBuilder().setKind(EndpointKind.NODE).setHost(host).setPort(port)
                        .setNode("target-node").build())
                .setPath(Path.NODE_TO_NODE)
                .setTests(tests)
                .setDurationMs(1000)
                .setProtocolMode(ProtocolMode.QPERF)
                .setControlTimeoutMs(2000);
    }
}
