package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TestClusters;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.TestType;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobMapperTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final PlanConfig CONFIG = PlanConfig.defaults();
    private final JobMapper mapper = new JobMapper(CONFIG);
    private final TargetSet set = TestClusters.healthy("c", 2, 1);

    @Test
    void mapsALatencyJobWithItsRoundAndTheIssueInstant() throws Exception {
        PlannedJob job = new LatencyPlanner(CONFIG).planRound(set, 42, T0).jobs().get(0);
        Instant issued = T0.minusSeconds(1);
        MeasurementJob avro = mapper.toMeasurementJob(job, issued);
        assertThat(avro.getJobId()).isEqualTo("c/lat/r42/n0000/n0001/NODE_TO_NODE");
        assertThat(avro.getCluster()).isEqualTo("c");
        assertThat(avro.getRound()).isEqualTo(42L);
        assertThat(avro.getSlot()).isNull();
        assertThat(avro.getIssuedAt()).isEqualTo(issued);
        assertThat(avro.getStartNotBefore()).isEqualTo(job.startNotBefore());
        assertThat(avro.getDeadline()).isEqualTo(job.deadline());
        assertThat(avro.getSource().getAgentId()).isEqualTo("c/n0000/host");
        assertThat(avro.getSource().getNetwork()).isEqualTo(Network.HOST);
        assertThat(avro.getSource().getNode()).isEqualTo("n0000");
        assertThat(avro.getSource().getAddress()).isEqualTo("host-n0000");
        assertThat(avro.getSource().getPod()).isEqualTo("meshperf/h-n0000");
        assertThat(avro.getTarget().getKind()).isEqualTo(EndpointKind.NODE);
        assertThat(avro.getTarget().getHost()).isEqualTo("host-n0001");
        assertThat(avro.getTarget().getAgentId()).isEqualTo("c/n0001/host");
        assertThat(avro.getPath()).isEqualTo(Path.NODE_TO_NODE);
        assertThat(avro.getTests()).containsExactly(TestType.TCP_LAT, TestType.UDP_LAT);
        assertThat(avro.getDurationMs()).isEqualTo(1000);
        assertThat(avro.getMessageSizeBytes()).isNull();
        assertThat(avro.getProtocolMode()).isEqualTo(ProtocolMode.QPERF);
        assertThat(avro.getControlTimeoutMs()).isEqualTo(5000);
        ByteBuffer encoded = avro.toByteBuffer();
        assertThat(MeasurementJob.fromByteBuffer(encoded)).isEqualTo(avro);
    }

    @Test
    void mapsABandwidthServiceJobWithItsSlot() throws Exception {
        PlannedJob job = new BandwidthPlanner(CONFIG).planSlot(set, 2, 0, T0).jobs().stream()
                .filter(j -> j.path() == Path.POD_TO_SERVICE).findFirst().orElseThrow();
        MeasurementJob avro = mapper.toMeasurementJob(job, T0);
        assertThat(avro.getRound()).isNull();
        assertThat(avro.getSlot()).isEqualTo(new SlotId(2, 0).number());
        assertThat(avro.getTarget().getKind()).isEqualTo(EndpointKind.SERVICE);
        assertThat(avro.getTarget().getService()).isEqualTo("meshperf/agents");
        assertThat(avro.getTarget().getNode()).isNull();
        assertThat(avro.getTarget().getAgentId()).isNull();
        assertThat(avro.getProtocolMode()).isEqualTo(ProtocolMode.SINGLE_FLOW);
        assertThat(avro.getTests()).containsExactly(TestType.TCP_BW, TestType.UDP_BW);
        assertThat(avro.getDurationMs()).isEqualTo(5000);
        assertThat(MeasurementJob.fromByteBuffer(avro.toByteBuffer())).isEqualTo(avro);
    }
}
