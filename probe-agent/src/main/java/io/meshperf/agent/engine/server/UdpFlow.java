package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.singleflow.Datagram;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.TestKind;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SINGLE_FLOW udp_bw or udp_lat flow on its own session thread, with its own socket bound to the
 * address and port the flow reached and connected to the client. Linux delivers the flow's datagrams
 * to the connected socket rather than to the shared one, so this thread receives them with a plain
 * blocking receive (as lean as qperf's own loop) and replies from the right address. It answers a
 * retransmitted REQ with the same ACCEPT and a retransmitted END with the same STAT, and ends on DONE
 * or when the flow goes quiet past its deadline plus the control timeout. Blocks at most
 * {@link #TICK_MILLIS} per receive.
 */
final class UdpFlow implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFlow.class);
    static final int TICK_MILLIS = 10;

    private final DatagramSocket socket;
    private final int flowId;
    private final TestKind kind;
    private final Request req;
    private final byte[] accept;
    private final CpuSampler sampler;
    private final int timeoutSec;
    private final TrafficCounter sent = new TrafficCounter();
    private final TrafficCounter received = new TrafficCounter();
    private CpuSnapshot start;
    private long cpu0;
    private long deadline;
    private CpuSnapshot end;
    private byte[] stat;
    private long expiry;

    UdpFlow(DatagramSocket socket, int flowId, TestKind kind, Request req, byte[] accept, CpuSampler sampler,
            int timeoutSec) {
        this.socket = socket;
        this.flowId = flowId;
        this.kind = kind;
        this.req = req;
        this.accept = accept.clone();
        this.sampler = sampler;
        this.timeoutSec = timeoutSec;
    }

    byte[] accept() {
        return accept.clone();
    }

    /** Closes the socket; the thread then ends. Any thread. */
    void close() {
        socket.close();
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            start = sampler.snapshot();
            cpu0 = sampler.processCpuNanos();
            deadline = now + req.time() * 1_000_000_000L;
            expiry = deadline + 2L * timeoutSec * 1_000_000_000L + 1_000_000_000L;
            socket.send(new DatagramPacket(accept, accept.length));
            loop();
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.debug("SINGLE_FLOW {} flow {} failed: {}", kind.qperfName(), flowId, e.toString());
            }
        } finally {
            socket.close();
        }
    }

    private void loop() throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        byte[] echo = new byte[Datagram.HEADER + req.msgSize()];
        DatagramPacket echoPacket = new DatagramPacket(echo, echo.length);
        while (true) {
            long now = System.nanoTime();
            if (end == null && now - deadline >= 0) {
                end = sampler.snapshot();
            }
            if (now - expiry >= 0) {
                if (stat == null) {
                    LOG.info("SINGLE_FLOW {} flow {} went quiet; dropped", kind.qperfName(), flowId);
                }
                return;
            }
            socket.setSoTimeout(TICK_MILLIS);
            p.setLength(buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (java.net.PortUnreachableException e) {
                // The client is gone or not yet listening; the expiry ends the flow if it never returns.
                continue;
            }
            int len = p.getLength();
            if (!Datagram.valid(buf, len) || Datagram.flowId(buf) != flowId) {
                continue;
            }
            switch (Datagram.type(buf)) {
                case Datagram.REQ -> socket.send(new DatagramPacket(accept, accept.length));
                case Datagram.DATA -> data(Datagram.seq(buf), len - Datagram.HEADER, echo, echoPacket);
                case Datagram.END -> end(System.nanoTime());
                case Datagram.DONE -> {
                    return;
                }
                default -> {
                    // Not a client's datagram type: ignored like any stray datagram.
                }
            }
        }
    }

    private void data(long seq, int size, byte[] echo, DatagramPacket echoPacket) {
        boolean counted = System.nanoTime() - deadline < 0;
        if (counted) {
            received.message(size);
        } else if (end == null) {
            end = sampler.snapshot();
        }
        if (kind == TestKind.UDP_LAT && stat == null) {
            Datagram.header(echo, Datagram.ECHO, flowId, seq);
            try {
                socket.send(echoPacket);
                if (counted && System.nanoTime() - deadline < 0) {
                    sent.message(req.msgSize());
                }
            } catch (IOException e) {
                sent.error();
            }
        }
    }

    private void end(long now) throws IOException {
        if (stat == null) {
            if (end == null) {
                end = sampler.snapshot();
            }
            long cpu1 = sampler.processCpuNanos();
            NodeRecord record = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), start, end, sent.snapshot(),
                    received.snapshot());
            Map<String, String> kv = new LinkedHashMap<>();
            if (cpu0 >= 0 && cpu1 >= 0) {
                kv.put("processCpuNs", Long.toString(cpu1 - cpu0));
            }
            byte[] encoded = Stat.encode(record, true);
            byte[] ext = KeyValueBlock.encode(kv);
            byte[] payload = new byte[encoded.length + ext.length];
            System.arraycopy(encoded, 0, payload, 0, encoded.length);
            System.arraycopy(ext, 0, payload, encoded.length, ext.length);
            stat = Datagram.build(Datagram.STAT, flowId, 0, payload);
            expiry = now + timeoutSec * 1_000_000_000L;
        }
        socket.send(new DatagramPacket(stat, stat.length));
    }
}
