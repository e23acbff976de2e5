package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.agent.engine.ServerIdentity;
import io.meshperf.agent.engine.stats.Figures;
import io.meshperf.agent.engine.stats.NodeFigures;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.ConfInfo;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.NodeStats;
import io.meshperf.schemas.Status;
import java.time.Instant;
import java.util.Map;

/** Turns what a run gathered into a {@link MeasurementResult}. Pure. */
final class ResultBuilder {

    private ResultBuilder() {
    }

    static MeasurementResult.Builder base(TestSpec spec, TestContext ctx, Instant started, Instant ended) {
        return MeasurementResult.newBuilder()
                .setJobId(ctx.jobId())
                .setCluster(ctx.cluster())
                .setPath(ctx.path())
                .setTest(spec.kind().testType())
                .setSource(ctx.source())
                .setTarget(ctx.target())
                .setProtocolMode(spec.mode())
                .setStartedAt(started)
                .setEndedAt(ended)
                .setDurationSec(spec.timeSec())
                .setMessageSizeBytes(spec.msgSize())
                .setAgentVersion(EngineVersion.get())
                .setStatus(Status.OK);
    }

    static MeasurementResult failure(TestSpec spec, TestContext ctx, Instant started, Instant ended, Status status,
                                     String reason) {
        return base(spec, ctx, started, ended).setStatus(status).setReason(reason).build();
    }

    static MeasurementResult conf(TestSpec spec, TestContext ctx, Instant started, Instant ended, Conf local,
                                  Conf remote, Map<String, String> peer) {
        return base(spec, ctx, started, ended).setLocalConf(confInfo(local)).setRemoteConf(confInfo(remote))
                .setServedBy(ServerIdentity.fromWire(peer)).build();
    }

    /**
     * Figures for a socket test, or a failure when no message went through: qperf would print 0 (or a
     * bogus latency), which is never a measurement.
     */
    static MeasurementResult figures(TestSpec spec, TestContext ctx, Instant started, Instant ended, RawRun run,
                                     Figures f) {
        MeasurementResult.Builder b = base(spec, ctx, started, ended)
                .setServedBy(ServerIdentity.fromWire(run.peer()))
                .setLocal(nodeStats(run.local(), f.local(), run.processCpuNs()))
                .setRemote(nodeStats(run.remote(), f.remote(), parseLong(run.peer().get("processCpuNs"))))
                .setMsgRatePerSec(f.msgRate());
        TestKind kind = spec.kind();
        long sentMsgs = run.local().sent().msgs();
        long deliveredMsgs = kind == TestKind.UDP_LAT || kind == TestKind.TCP_LAT
                ? run.local().received().msgs() : run.remote().received().msgs();
        if (kind.isLatency()) {
            b.setLatencyNs(f.latency() * 1e9).setLatency(run.latency().toStats());
        } else {
            b.setSendBwBytesPerSec(f.sendBw()).setRecvBwBytesPerSec(f.recvBw())
                    .setSendCostNsPerByte(f.sendCost()).setRecvCostNsPerByte(f.recvCost());
            if (kind == TestKind.TCP_BW) {
                b.setBwBytesPerSec(f.recvBw());
            }
        }
        if (kind.isUdp()) {
            b.setUdpMessagesSent(sentMsgs).setUdpMessagesReceived(deliveredMsgs)
                    .setUdpLossRatio(sentMsgs == 0 ? null : Math.max(0.0, 1.0 - (double) deliveredMsgs / sentMsgs));
        }
        if (deliveredMsgs == 0) {
            b.setStatus(Status.ERROR).setReason(kind.qperfName() + ": no message went through (" + sentMsgs
                    + " sent, 0 " + (kind.isLatency() ? "answered" : "received by the server")
                    + "); a test without messages is not a measurement");
        }
        return b.build();
    }

    private static NodeStats nodeStats(NodeRecord r, NodeFigures f, long processCpuNs) {
        return NodeStats.newBuilder()
                .setRealTimeNs(Math.round(f.timeReal() * 1e9))
                .setCpuTimeNs(Math.round(f.timeCpu() * 1e9))
                .setCpusUsedPercent(f.cpuTotal() * 100)
                .setCpusUserPercent(f.cpuUser() * 100)
                .setCpusIntrPercent(f.cpuIntr() * 100)
                .setCpusKernelPercent(f.cpuKernel() * 100)
                .setCpusIowaitPercent(f.cpuIowait() * 100)
                .setSendBytes(r.sent().bytes()).setSendMessages(r.sent().msgs()).setSendErrors(r.sent().errs())
                .setRecvBytes(r.received().bytes()).setRecvMessages(r.received().msgs())
                .setRecvErrors(r.received().errs())
                .setProcessCpuNs(processCpuNs >= 0 ? processCpuNs : null)
                .build();
    }

    private static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ConfInfo confInfo(Conf c) {
        return c == null ? null : ConfInfo.newBuilder().setNode(c.node()).setCpu(c.cpu()).setOs(c.os())
                .setQperfVersion(c.qperf()).build();
    }
}
