package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import java.util.List;

/** Measurement jobs for tests. */
final class TestJobs {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestJobs() {
    }

    /** A job from host agent {@code src} to host agent {@code dst}; bandwidth when slot is not null. */
    static MeasurementJob job(String id, String src, String dst, Long slot, Instant issued, Instant deadline) {
        boolean bandwidth = slot != null;
        return MeasurementJob.newBuilder()
                .setJobId(id)
                .setCluster("c1")
                .setRound(bandwidth ? null : 0L)
                .setSlot(slot)
                .setIssuedAt(issued)
                .setStartNotBefore(issued)
                .setDeadline(deadline)
                .setSource(new AgentRef("c1/" + src + "/host", "c1", src, Network.HOST, null, "10.0.0.1"))
                .setTarget(new Endpoint(EndpointKind.NODE, "10.0.0.2", 19765, dst, null, null, "c1/" + dst + "/host"))
                .setPath(Path.NODE_TO_NODE)
                .setTests(bandwidth ? List.of(TestType.TCP_BW, TestType.UDP_BW) : List.of(TestType.TCP_LAT,
                        TestType.UDP_LAT))
                .setDurationMs(bandwidth ? 5000 : 1000)
                .setMessageSizeBytes(null)
                .setProtocolMode(ProtocolMode.QPERF)
                .setControlTimeoutMs(5000)
                .build();
    }
}
