package io.meshperf.schemas;

import io.meshperf.schemas.stats.Distributions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Realistic records for tests: fully populated, minimal, and the typical results of each kind of test. */
public final class Fixtures {

    /** A fixed instant with microsecond detail, so timestamp-micros fields round-trip exactly. */
    public static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123456Z");

    private Fixtures() {
    }

    public static AgentRef podAgent() {
        return AgentRef.newBuilder().setAgentId("prod-eu1/node-a/pod").setCluster("prod-eu1")
                .setNode("node-a").setNetwork(Network.POD).setPod("meshperf/meshperf-agent-x2k9f")
                .setAddress("10.244.1.17").build();
    }

    public static Endpoint podTarget() {
        return Endpoint.newBuilder().setKind(EndpointKind.POD).setHost("10.244.2.31").setPort(19765)
                .setNode("node-b").setPod("meshperf/meshperf-agent-q7m2c")
                .setAgentId("prod-eu1/node-b/pod").build();
    }

    public static Endpoint serviceTarget() {
        return Endpoint.newBuilder().setKind(EndpointKind.SERVICE).setHost("10.96.14.3").setPort(19765)
                .setService("meshperf/meshperf-agent").build();
    }

    public static NodeStats nodeStats(long sendBytes, long recvBytes) {
        return NodeStats.newBuilder().setRealTimeNs(2_000_412_337L).setCpuTimeNs(1_183_550_000L)
                .setCpusUsedPercent(59.2).setCpusUserPercent(3.1).setCpusIntrPercent(0.4)
                .setCpusKernelPercent(55.6).setCpusIowaitPercent(0.1).setSendBytes(sendBytes)
                .setSendMessages(sendBytes / 65_536 + 1).setSendErrors(0).setRecvBytes(recvBytes)
                .setRecvMessages(recvBytes / 65_536 + 1).setRecvErrors(0).setProcessCpuNs(1_050_000_000L).build();
    }

    public static LatencyStats latencyStats() {
        return LatencyStats.newBuilder().setSamples(52_118).setMinNs(17_311).setMeanNs(19_187.4).setMaxNs(412_991)
                .setP50Ns(18_943).setP90Ns(20_415).setP99Ns(27_903).setP999Ns(88_127).setStddevNs(2_931.7)
                .setJitterNs(1_204.5).build();
    }

    private static MeasurementResult.Builder okResult(TestType test) {
        return MeasurementResult.newBuilder().setJobId("c0f2e8a4-9b1d-4c3e-8f7a-2d6b5e1a9c04").setCluster("prod-eu1")
                .setPath(Path.POD_TO_POD).setTest(test).setStatus(Status.OK).setSource(podAgent())
                .setTarget(podTarget()).setStartedAt(T0).setEndedAt(T0.plusMillis(2_004).plusNanos(17_000))
                .setDurationSec(2).setAgentVersion("0.1.0").setProtocolMode(ProtocolMode.SINGLE_FLOW)
                .setServedBy(Backend.newBuilder().setAgentId("prod-eu1/node-b/pod")
                        .setNode("node-b").setPod("meshperf/meshperf-agent-q7m2c").setAddress("10.244.2.31").build());
    }

    /** A typical OK tcp_lat result: qperf figures, both sides' stats, every round trip summarised. */
    public static MeasurementResult latencyResult() {
        return okResult(TestType.TCP_LAT).setMessageSizeBytes(1).setLatencyNs(19_187.4).setMsgRatePerSec(26_058.0)
                .setLocal(nodeStats(52_118, 52_118)).setRemote(nodeStats(52_118, 52_118))
                .setLatency(latencyStats()).build();
    }

    /** A typical OK tcp_bw result. */
    public static MeasurementResult bandwidthResult() {
        return okResult(TestType.TCP_BW).setMessageSizeBytes(65_536).setBwBytesPerSec(1.348e9)
                .setSendBwBytesPerSec(1.351e9).setRecvBwBytesPerSec(1.348e9).setMsgRatePerSec(20_569.0)
                .setSendCostNsPerByte(0.43).setRecvCostNsPerByte(0.61)
                .setLocal(nodeStats(2_702_000_000L, 0)).setRemote(nodeStats(0, 2_696_000_000L)).build();
    }

    /** A result with every optional field set. */
    public static MeasurementResult fullResult() {
        ConfInfo conf = ConfInfo.newBuilder().setNode("node-a").setCpu("8 Cores: Intel Xeon Gold 6230 @ 2.10GHz")
                .setOs("Linux 6.8.0-45-generic").setQperfVersion("0.4.11 (meshperf 0.1.0)").build();
        return okResult(TestType.UDP_BW).setMessageSizeBytes(32_768).setConcurrentSessions(2).setReason("partial")
                .setOrigin(ResultOrigin.AGENT).setBwBytesPerSec(9.1e8).setSendBwBytesPerSec(9.4e8)
                .setRecvBwBytesPerSec(9.1e8).setMsgRatePerSec(27_771.0).setLatencyNs(22_000.0)
                .setSendCostNsPerByte(0.5).setRecvCostNsPerByte(0.7).setLocal(nodeStats(1, 2))
                .setRemote(nodeStats(3, 4)).setLatency(latencyStats()).setUdpMessagesSent(56_320L)
                .setUdpMessagesReceived(55_542L).setUdpLossRatio(0.0138).setLocalConf(conf)
                .setRemoteConf(ConfInfo.newBuilder(conf).setNode("node-b").build()).build();
    }

    /** A result with only the required fields: what the coordinator writes for an agent that never answered. */
    public static MeasurementResult minimalResult() {
        return MeasurementResult.newBuilder().setJobId("j").setCluster("c").setPath(Path.POD_TO_SERVICE)
                .setTest(TestType.UDP_LAT).setStatus(Status.TIMEOUT).setOrigin(ResultOrigin.COORDINATOR)
                .setSource(AgentRef.newBuilder().setAgentId("c/n/host").setCluster("c").setNode("n")
                        .setNetwork(Network.HOST).build())
                .setTarget(Endpoint.newBuilder().setKind(EndpointKind.SERVICE).setHost("svc").setPort(1).build())
                .setStartedAt(Instant.EPOCH).setEndedAt(Instant.EPOCH).setDurationSec(0).setMessageSizeBytes(0)
                .setAgentVersion("").build();
    }

    public static MeasurementJob fullJob() {
        return MeasurementJob.newBuilder().setJobId("c0f2e8a4-9b1d-4c3e-8f7a-2d6b5e1a9c04").setCluster("prod-eu1")
                .setRound(41L).setSlot(7L).setIssuedAt(Instant.ofEpochMilli(1_795_000_000_000L))
                .setStartNotBefore(Instant.ofEpochMilli(1_795_000_000_500L))
                .setDeadline(Instant.ofEpochMilli(1_795_000_030_000L)).setSource(podAgent()).setTarget(podTarget())
                .setPath(Path.POD_TO_POD).setTests(List.of(TestType.TCP_BW, TestType.TCP_LAT, TestType.UDP_BW,
                        TestType.UDP_LAT))
                .setDurationMs(2_000).setMessageSizeBytes(65_536).setProtocolMode(ProtocolMode.SINGLE_FLOW)
                .setControlTimeoutMs(3_000).build();
    }

    public static MeasurementJob minimalJob() {
        return MeasurementJob.newBuilder().setJobId("j").setCluster("c").setIssuedAt(Instant.EPOCH)
                .setStartNotBefore(Instant.EPOCH).setDeadline(Instant.EPOCH)
                .setSource(minimalResult().getSource()).setTarget(serviceTarget()).setPath(Path.UNKNOWN)
                .setTests(List.of()).setDurationMs(0).build();
    }

    public static AgentInfo fullAgentInfo() {
        return AgentInfo.newBuilder().setAgentId("prod-eu1/node-a/pod").setCluster("prod-eu1")
                .setNode("node-a").setZone("eu-west-1a").setRegion("eu-west-1").setPod("meshperf/meshperf-agent-x2k9f")
                .setPodIp("10.244.1.17").setNodeIp("192.168.10.11").setNetwork(Network.POD).setQperfPort(19765)
                .setHttpPort(8080).setVersion("0.1.0").setCapabilities(List.of("single-flow", "udp-jitter"))
                .setStartedAt(Instant.ofEpochMilli(1_795_000_000_000L))
                .setLastHeartbeat(Instant.ofEpochMilli(1_795_000_015_000L)).build();
    }

    public static AgentInfo minimalAgentInfo() {
        return AgentInfo.newBuilder().setAgentId("c/n/host").setCluster("c").setNode("n").setNetwork(Network.HOST)
                .setQperfPort(19765).setVersion("0.1.0").setStartedAt(Instant.EPOCH).setLastHeartbeat(Instant.EPOCH)
                .build();
    }

    public static PairAggregate fullAggregate() {
        Histogram latency = Distributions.newHistogram();
        for (int i = 0; i < 1_000; i++) {
            latency.recordValue(18_000 + (i * 37L) % 4_000);
        }
        Histogram bandwidth = Distributions.newHistogram();
        bandwidth.recordValue(1_348_000_000L);
        return PairAggregate.newBuilder().setWindowStart(Instant.ofEpochMilli(1_795_000_000_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_795_000_060_000L)).setCluster("prod-eu1")
                .setPath(Path.POD_TO_SERVICE).setTest(TestType.TCP_LAT).setSrcNode("node-a")
                .setDstNode("meshperf/meshperf-agent").setCount(1_003).setOkCount(1_000).setBusyCount(12)
                .setFailures(Map.of("TIMEOUT", 2L, "REFUSED", 1L)).setLatencyNs(Distributions.of(latency))
                .setBandwidthBytesPerSec(Distributions.of(bandwidth)).setSendCostNsPerByteMean(0.42)
                .setRecvCostNsPerByteMean(0.6).setUdpMessagesSent(10).setUdpMessagesReceived(9)
                .setServedBy(Map.of("meshperf/meshperf-agent-q7m2c", 340L, "meshperf/meshperf-agent-z8w4n", 660L))
                .setMsgRatePerSecMean(27_400.0).setLocalCpusUsedPercentMean(38.5).setRemoteCpusUsedPercentMean(41.0)
                .build();
    }

    public static PairAggregate minimalAggregate() {
        return PairAggregate.newBuilder().setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH).setCluster("c")
                .setPath(Path.NODE_TO_NODE).setTest(TestType.UNKNOWN).setSrcNode("a").setDstNode("b").setCount(0)
                .setOkCount(0).build();
    }
}
