package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.EndSnapshot;
import io.meshperf.agent.engine.singleflow.SingleFlow;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Sync;
import io.meshperf.agent.engine.wire.TestKind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;

/**
 * The server side of a SINGLE_FLOW tcp_bw or tcp_lat: everything on the control connection (see
 * {@link SingleFlow}). The server counts only what completes before its own timer, as qperf does,
 * but keeps reading frames until the client's END so the stream stays in step; a client that never
 * sends END is cut off by the control timeout. Runs on the session thread and blocks.
 */
final class SingleFlowTcpTest {

    private final Session s;
    private final Request req;
    private final TestKind kind;
    private final CpuSampler sampler;

    SingleFlowTcpTest(Session s, Request req, TestKind kind) {
        this.s = s;
        this.req = req;
        this.kind = kind;
        this.sampler = s.config.sampler();
    }

    void run() throws IOException, SessionFailure {
        s.write(SingleFlow.TCP_ACCEPT);
        s.write(KeyValueBlock.encode(s.identity()));
        s.syncBefore();
        long startNanos = System.nanoTime();
        CpuSnapshot start = sampler.snapshot();
        long cpu0 = sampler.processCpuNanos();
        TrafficCounter sent = new TrafficCounter();
        TrafficCounter received = new TrafficCounter();
        CpuSnapshot end;
        InputStream in = new BufferedInputStream(s.in, 256 * 1024);
        try (EndSnapshot timer = new EndSnapshot(sampler, s.watchdog, startNanos + req.time() * 1_000_000_000L)) {
            frames(in, s.out, timer, sent, received);
            end = timer.get();
        }
        long cpu1 = sampler.processCpuNanos();
        NodeRecord record = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), start, end, sent.snapshot(),
                received.snapshot());
        s.sendStat(record, true, cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1);
        s.expect(Sync.after(), Sync.AFTER_TEXT);
    }

    private void frames(InputStream in, OutputStream out, EndSnapshot timer, TrafficCounter sent,
                        TrafficCounter received) throws IOException, SessionFailure {
        byte[] buf = new byte[req.msgSize()];
        while (true) {
            // Until the client's END arrives: its timer and ours run apart by a few milliseconds.
            s.control.setSoTimeout(timer.expired() ? s.timeoutMillis() : timer.remainingMillis() + s.timeoutMillis());
            int type;
            try {
                type = in.read();
                if (type == SingleFlow.FRAME_END) {
                    timer.take();
                    return;
                }
                if (type != SingleFlow.FRAME_DATA) {
                    throw new SessionFailure(type < 0 ? "failed to receive data frame: client not responding"
                            : "bad SINGLE_FLOW frame type " + type);
                }
                readFully(in, buf);
            } catch (SocketTimeoutException e) {
                throw new SessionFailure("failed to receive data frame: timed out");
            }
            boolean counted = !timer.expired();
            if (counted) {
                if (req.accessRecv() != 0) {
                    QperfModeTest.touch(buf);
                }
                received.message(buf.length);
            }
            if (kind == TestKind.TCP_LAT) {
                out.write(buf);
                out.flush();
                if (counted && !timer.expired()) {
                    sent.message(buf.length);
                }
            }
        }
    }

    private static void readFully(InputStream in, byte[] buf) throws IOException, SessionFailure {
        int got = 0;
        while (got < buf.length) {
            int n = in.read(buf, got, buf.length - got);
            if (n < 0) {
                throw new SessionFailure("failed to receive data frame: client not responding");
            }
            got += n;
        }
    }

}
