package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SINGLE_FLOW between meshperf peers, and its refusal to measure against a stock server. */
class SingleFlowIT {

    @ParameterizedTest
    @EnumSource(value = TestKind.class, names = {"TCP_BW", "TCP_LAT", "UDP_BW", "UDP_LAT"})
    void meshperfToMeshperfOnLoopback(TestKind kind) throws Exception {
        try (QperfServer server = Engines.server(true); QperfClient client = Engines.client()) {
            TestOutcome o = Engines.run(client, kind, "127.0.0.1", server.port(), ProtocolMode.SINGLE_FLOW);
            MeasurementResult r = o.result();

            assertThat(r.getStatus()).as(String.valueOf(r.getReason())).isEqualTo(Status.OK);
            assertThat(r.getProtocolMode()).isEqualTo(ProtocolMode.SINGLE_FLOW);
            assertThat(r.getServedBy().getNode()).isEqualTo("node-a");
            assertThat(r.getServedBy().getPod()).isEqualTo("meshperf/agent-a");
            assertThat(r.getServedBy().getAgentId()).isEqualTo("lab/node-a/agent");
            assertThat(r.getServedBy().getAddress()).isEqualTo("127.0.0.1");
            assertThat(r.getRemote().getProcessCpuNs()).isNotNull();
            assertThat(r.getMsgRatePerSec()).isPositive();
            assertThat(r.getRemote().getRealTimeNs()).isBetween(800_000_000L, 1_500_000_000L);
            if (kind.isLatency()) {
                assertThat(r.getLatencyNs()).isPositive();
                assertThat(r.getLatency().getSamples()).isPositive();
            } else {
                assertThat(r.getRecvBwBytesPerSec()).isPositive();
                assertThat(r.getRecvCostNsPerByte()).isPositive();
            }
            if (kind.isUdp()) {
                assertThat(r.getUdpMessagesReceived()).isPositive();
                assertThat(r.getUdpLossRatio()).isBetween(0.0, 1.0);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSessions() == 0);
        }
    }

    @Test
    void ipv6AndQperfModeIdentity() throws Exception {
        try (QperfServer server = Engines.server(true); QperfClient client = Engines.client()) {
            MeasurementResult sf = Engines.run(client, TestKind.UDP_LAT, "::1", server.port(),
                    ProtocolMode.SINGLE_FLOW).result();
            MeasurementResult qperf = Engines.run(client, TestKind.TCP_LAT, "::1", server.port(),
                    ProtocolMode.QPERF).result();

            assertThat(sf.getStatus()).as(String.valueOf(sf.getReason())).isEqualTo(Status.OK);
            assertThat(sf.getServedBy().getAddress()).isEqualTo("::1");
            assertThat(qperf.getStatus()).isEqualTo(Status.OK);
            assertThat(qperf.getServedBy().getNode()).as("a meshperf server names itself in QPERF mode too")
                    .isEqualTo("node-a");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestKind.class, names = {"TCP_BW", "TCP_LAT", "UDP_BW", "UDP_LAT"})
    void againstAStockServerItIsAClearError(TestKind kind) throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(StockQperf.available()).isTrue();
        try (StockQperf server = StockQperf.server(); QperfClient client = Engines.client()) {
            long t0 = System.nanoTime();
            MeasurementResult r = Engines.run(client, kind, "127.0.0.1", server.port(), ProtocolMode.SINGLE_FLOW)
                    .result();

            assertThat(r.getStatus()).isEqualTo(Status.ERROR);
            assertThat(r.getReason()).isEqualTo(ServerMessages.NOT_MESHPERF);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            // The stock server was told and is free again: a plain qperf test works right after.
            assertThat(Engines.run(client, TestKind.TCP_LAT, "127.0.0.1", server.port(), ProtocolMode.QPERF).ok())
                    .isTrue();
        }
    }
}
