package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.EndSnapshot;
import io.meshperf.agent.engine.ServerMessages;
import io.meshperf.agent.engine.TestFailure;
import io.meshperf.agent.engine.Watchdog;
import io.meshperf.agent.engine.singleflow.SingleFlow;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.LatencyRecorder;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.Sync;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SINGLE_FLOW tcp_bw or tcp_lat: the whole test on the control connection (format in
 * {@link SingleFlow}). Meeting a stock server (it answers with PORT) ends in ERROR
 * {@link ServerMessages#NOT_MESHPERF}, after telling that server so it does not wait forever.
 * Runs on the caller's thread and blocks.
 */
final class SingleFlowTcpClient {

    private static final Logger LOG = LoggerFactory.getLogger(SingleFlowTcpClient.class);

    private final CpuSampler sampler;
    private final Watchdog watchdog;

    SingleFlowTcpClient(CpuSampler sampler, Watchdog watchdog) {
        this.sampler = sampler;
        this.watchdog = watchdog;
    }

    RawRun run(TestSpec spec) throws TestFailure {
        try (ControlChannel ch = ControlChannel.connect(spec.host(), spec.port(), spec.waitServerSec(),
                spec.timeoutSec())) {
            ch.write(spec.request().encode());
            byte[] answer = ch.read(4, "SINGLE_FLOW acceptance");
            if (!SingleFlow.isTcpAccept(answer)) {
                if (answer[0] == '?') {
                    throw ch.errorAfter(answer);
                }
                long port = Wire.getU32(answer, 0);
                if (port > 0 && port <= 65535) {
                    leaveStockServer(spec, ch, (int) port);
                    throw new TestFailure(Status.ERROR, ServerMessages.NOT_MESHPERF);
                }
                throw new TestFailure(Status.ERROR, "unexpected answer to a SINGLE_FLOW request");
            }
            Map<String, String> identity = ch.readKeyValues("meshperf identity");
            ch.write(Sync.before());
            ch.expect(Sync.before(), Sync.BEFORE_TEXT);
            long startNanos = System.nanoTime();
            CpuSnapshot start = sampler.snapshot();
            long cpu0 = sampler.processCpuNanos();
            long deadline = startNanos + spec.timeSec() * 1_000_000_000L;
            TrafficCounter sent = new TrafficCounter();
            TrafficCounter received = new TrafficCounter();
            LatencyRecorder latency = new LatencyRecorder(false);
            CpuSnapshot end;
            Socket s = ch.socket;
            try (EndSnapshot timer = new EndSnapshot(sampler, watchdog, deadline);
                 Watchdog.Armed guard = watchdog.arm(s, deadline - System.nanoTime()
                         + 2L * spec.timeoutSec() * 1_000_000_000L, "single-flow connection")) {
                int pending = 0;
                if (spec.kind() == TestKind.TCP_BW) {
                    ClientLoops.tcpSend(s, spec.msgSize(), true, timer, sent);
                } else {
                    pending = ClientLoops.tcpLatency(s, spec.msgSize(), true, timer, sent, received, latency);
                }
                end = timer.get();
                ch.write(new byte[] {SingleFlow.FRAME_END});
                if (pending > 0) {
                    ch.read(pending, "last echo");
                }
                long cpu1 = sampler.processCpuNanos();
                byte[] stat = ch.read(Stat.SIZE, "results");
                Map<String, String> kv = Stat.identFollows(stat) ? ch.readKeyValues("meshperf statistics") : Map.of();
                ch.write(Sync.after());
                Map<String, String> peer = new java.util.HashMap<>(identity);
                peer.putAll(kv);
                NodeRecord local = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), start, end,
                        sent.snapshot(), received.snapshot());
                return new RawRun(local, Stat.decode(stat), latency, peer, cpu0 >= 0 ? cpu1 - cpu0 : -1);
            } catch (IOException e) {
                throw new TestFailure(Status.ERROR, "SINGLE_FLOW connection failed: " + e.getMessage());
            }
        }
    }

    /**
     * A stock server answered with PORT and now waits: for a TCP test in accept (forever), for a UDP
     * one in its sync. Connect if needed and report the error, so it exits cleanly.
     */
    private static void leaveStockServer(TestSpec spec, ControlChannel ch, int port) {
        Socket data = null;
        try {
            if (spec.kind().isTcp()) {
                data = QperfModeClient.connectData(spec.host(), port, spec.timeoutSec());
            }
        } catch (TestFailure f) {
            LOG.debug("stock server's data port {} unreachable ({}); reporting over control only", port,
                    f.getMessage());
        } finally {
            ch.report(ServerMessages.NOT_MESHPERF);
            if (data != null) {
                try {
                    data.close();
                } catch (IOException e) {
                    LOG.debug("closing the unused data socket failed: {}", e.toString());
                }
            }
        }
    }
}
