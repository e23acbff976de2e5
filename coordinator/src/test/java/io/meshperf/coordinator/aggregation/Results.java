package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.Backend;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.NodeStats;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.ResultKey;
import java.time.Instant;

/** Builds results for tests: one pair, one test, figures set by the caller. */
public final class Results {

    private Results() {
    }

    /** An OK or failed result from {@code src} to node (or Service, for POD_TO_SERVICE) {@code dst}. */
    public static MeasurementResult.Builder result(String cluster, Path path, TestType test, String src, String dst,
                                                   Instant startedAt, Status status) {
        boolean service = path == Path.POD_TO_SERVICE;
        AgentId source = path == Path.NODE_TO_NODE ? AgentId.host(cluster, src) : AgentId.pod(cluster, src);
        Endpoint target = Endpoint.newBuilder()
                .setKind(service ? EndpointKind.SERVICE : path == Path.NODE_TO_NODE ? EndpointKind.NODE
                        : EndpointKind.POD)
                .setHost("10.0.0.1").setPort(19765)
                .setNode(service ? null : dst)
                .setService(service ? dst : null)
                .build();
        return MeasurementResult.newBuilder()
                .setJobId("job-" + src + "-" + dst + "-" + startedAt.toEpochMilli())
                .setCluster(cluster).setPath(path).setTest(test).setStatus(status)
                .setReason(status == Status.OK ? null : "failed for the test")
                .setSource(source.toRef(path == Path.NODE_TO_NODE ? null : "meshperf/agent-" + src, "10.0.1.1"))
                .setTarget(target)
                .setStartedAt(startedAt).setEndedAt(startedAt.plusSeconds(1))
                .setDurationSec(1).setMessageSizeBytes(1).setAgentVersion("test");
    }

    /** An OK latency result of {@code latencyNs}. */
    public static MeasurementResult latency(String cluster, Path path, String src, String dst, Instant at,
                                            double latencyNs) {
        return result(cluster, path, TestType.TCP_LAT, src, dst, at, Status.OK).setLatencyNs(latencyNs).build();
    }

    /** An OK TCP bandwidth result of {@code bytesPerSec}, with CPU costs. */
    public static MeasurementResult bandwidth(String cluster, Path path, String src, String dst, Instant at,
                                              double bytesPerSec, double sendCost, double recvCost) {
        return result(cluster, path, TestType.TCP_BW, src, dst, at, Status.OK).setBwBytesPerSec(bytesPerSec)
                .setSendCostNsPerByte(sendCost).setRecvCostNsPerByte(recvCost).build();
    }

    /** A failed latency result. */
    public static MeasurementResult failed(String cluster, Path path, String src, String dst, Instant at,
                                           Status status) {
        return result(cluster, path, TestType.TCP_LAT, src, dst, at, status).build();
    }

    /** An OK Service latency result served by backend pod {@code backend}. */
    public static MeasurementResult served(String cluster, String src, String service, Instant at, double latencyNs,
                                           String backend) {
        return result(cluster, Path.POD_TO_SERVICE, TestType.TCP_LAT, src, service, at, Status.OK)
                .setLatencyNs(latencyNs)
                .setServedBy(Backend.newBuilder().setPod(backend).setAddress("10.1.0.9").build())
                .build();
    }

    /**
     * One side's qperf figures with {@code cpusUsedPercent} as its cpus_used (the machine-wide sum
     * of user, kernel and interrupt time, which is all the aggregation reads).
     */
    public static NodeStats side(double cpusUsedPercent) {
        return NodeStats.newBuilder().setRealTimeNs(1_000_000_000L)
                .setCpuTimeNs((long) (cpusUsedPercent * 10_000_000L)).setCpusUsedPercent(cpusUsedPercent)
                .setCpusUserPercent(cpusUsedPercent / 2).setCpusIntrPercent(cpusUsedPercent / 4)
                .setCpusKernelPercent(cpusUsedPercent / 4).setCpusIowaitPercent(0)
                .setSendBytes(1000).setSendMessages(1000).setSendErrors(0)
                .setRecvBytes(1000).setRecvMessages(1000).setRecvErrors(0).build();
    }

    /** The key a result is published under. */
    public static String key(MeasurementResult result) {
        return ResultKey.of(result).toString();
    }
}
