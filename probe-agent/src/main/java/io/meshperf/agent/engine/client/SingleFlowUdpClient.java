package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.EndSnapshot;
import io.meshperf.agent.engine.ServerMessages;
import io.meshperf.agent.engine.TestFailure;
import io.meshperf.agent.engine.Watchdog;
import io.meshperf.agent.engine.singleflow.Datagram;
import io.meshperf.agent.engine.singleflow.SingleFlow;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.LatencyRecorder;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A SINGLE_FLOW udp_bw or udp_lat: every datagram, control included, on one UDP 5-tuple to the
 * server's listen port number (format in {@link Datagram}). Control datagrams are retransmitted every
 * {@link SingleFlow#RETRANSMIT_NANOS} until answered or the control timeout passes; udp_lat round
 * trips carry sequence numbers, so a lost one costs {@link SingleFlow#LOSS_NANOS}, not the test.
 * Runs on the caller's thread and blocks.
 */
final class SingleFlowUdpClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CpuSampler sampler;
    private final Watchdog watchdog;

    SingleFlowUdpClient(CpuSampler sampler, Watchdog watchdog) {
        this.sampler = sampler;
        this.watchdog = watchdog;
    }

    RawRun run(TestSpec spec) throws TestFailure {
        int flow = RANDOM.nextInt() | 1;
        try (DatagramSocket sock = new DatagramSocket()) {
            InetAddress address = InetAddress.getAllByName(spec.host())[0];
            sock.connect(new InetSocketAddress(address, spec.port()));
            byte[] reqDatagram = Datagram.build(Datagram.REQ, flow, 0, spec.request().encode());
            byte[] accept = exchange(sock, reqDatagram, Datagram.ACCEPT, flow, spec, true);
            Map<String, String> peer = new HashMap<>(KeyValueBlock.decode(accept, Datagram.HEADER,
                    accept.length - Datagram.HEADER));
            long startNanos = System.nanoTime();
            CpuSnapshot start = sampler.snapshot();
            long cpu0 = sampler.processCpuNanos();
            TrafficCounter sent = new TrafficCounter();
            TrafficCounter received = new TrafficCounter();
            LatencyRecorder latency = new LatencyRecorder(true);
            CpuSnapshot end;
            try (EndSnapshot timer = new EndSnapshot(sampler, watchdog,
                    startNanos + spec.timeSec() * 1_000_000_000L)) {
                if (spec.kind() == TestKind.UDP_BW) {
                    sendLoop(sock, flow, spec.msgSize(), timer, sent);
                } else {
                    latencyLoop(sock, flow, spec.msgSize(), timer, sent, received, latency);
                }
                end = timer.get();
            }
            long cpu1 = sampler.processCpuNanos();
            byte[] stat = exchange(sock, Datagram.build(Datagram.END, flow, 0, new byte[0]), Datagram.STAT, flow,
                    spec, false);
            if (stat.length < Datagram.HEADER + Stat.SIZE) {
                throw new TestFailure(Status.ERROR, "SINGLE_FLOW STAT datagram too short: " + stat.length);
            }
            byte[] statBytes = Arrays.copyOfRange(stat, Datagram.HEADER, Datagram.HEADER + Stat.SIZE);
            int extOff = Datagram.HEADER + Stat.SIZE;
            peer.putAll(KeyValueBlock.decode(stat, extOff, stat.length - extOff));
            byte[] done = Datagram.build(Datagram.DONE, flow, 0, new byte[0]);
            sock.send(new DatagramPacket(done, done.length));
            NodeRecord local = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), start, end, sent.snapshot(),
                    received.snapshot());
            return new RawRun(local, Stat.decode(statBytes), latency, peer, cpu0 >= 0 ? cpu1 - cpu0 : -1);
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "SINGLE_FLOW UDP socket failed: " + e.getMessage());
        }
    }

    /**
     * Sends {@code out} until a datagram of type {@code want} for this flow arrives, retransmitting.
     * An ERROR datagram ends the test with its text. If nothing comes back, the TCP probe tells a
     * stock server (ERROR, not meshperf) from a missing UDP port.
     */
    private byte[] exchange(DatagramSocket sock, byte[] out, byte want, int flow, TestSpec spec, boolean opening)
            throws IOException, TestFailure {
        long deadline = System.nanoTime() + spec.timeoutSec() * 1_000_000_000L;
        byte[] buf = new byte[65536];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        boolean refused = false;
        while (System.nanoTime() - deadline < 0) {
            sock.send(new DatagramPacket(out, out.length));
            long next = System.nanoTime() + SingleFlow.RETRANSMIT_NANOS;
            while (System.nanoTime() - next < 0) {
                sock.setSoTimeout((int) Math.max(1, (next - System.nanoTime()) / 1_000_000L));
                in.setLength(buf.length);
                try {
                    sock.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (PortUnreachableException e) {
                    refused = true;
                    break;
                }
                int len = in.getLength();
                if (!Datagram.valid(buf, len) || Datagram.flowId(buf) != flow) {
                    continue;
                }
                byte type = Datagram.type(buf);
                if (type == Datagram.ERROR) {
                    throw TestFailure.fromPeer(new String(buf, Datagram.HEADER, len - Datagram.HEADER,
                            StandardCharsets.UTF_8));
                }
                if (type == want) {
                    return Arrays.copyOf(buf, len);
                }
            }
        }
        if (!opening) {
            throw new TestFailure(Status.TIMEOUT, "failed to receive results: timed out (SINGLE_FLOW UDP)");
        }
        throw diagnose(spec, refused);
    }

    private static TestFailure diagnose(TestSpec spec, boolean refused) {
        String udp = "no SINGLE_FLOW answer on UDP port " + spec.port()
                + (refused ? " (port unreachable)" : " within " + spec.timeoutSec() + " s");
        try {
            PeerProbe.Kind kind = PeerProbe.probe(spec.host(), spec.port(), spec.timeoutSec());
            if (kind == PeerProbe.Kind.STOCK) {
                return new TestFailure(Status.ERROR, ServerMessages.NOT_MESHPERF);
            }
            return new TestFailure(refused ? Status.REFUSED : Status.TIMEOUT, udp
                    + "; a meshperf server answers on TCP " + spec.port() + ", so UDP " + spec.port()
                    + " is blocked or not exposed");
        } catch (TestFailure f) {
            return new TestFailure(refused ? Status.REFUSED : f.status(), udp + "; over TCP: " + f.getMessage());
        }
    }

    private static void sendLoop(DatagramSocket sock, int flow, int msgSize, EndSnapshot timer, TrafficCounter sent)
            throws IOException {
        byte[] b = new byte[Datagram.HEADER + msgSize];
        DatagramPacket p = new DatagramPacket(b, b.length);
        long seq = 0;
        while (!timer.expired()) {
            Datagram.header(b, Datagram.DATA, flow, seq++);
            try {
                sock.send(p);
            } catch (IOException e) {
                if (sock.isClosed()) {
                    throw e;
                }
                sent.error();
                continue;
            }
            if (timer.expired()) {
                break;
            }
            sent.message(msgSize);
        }
        timer.take();
    }

    private static void latencyLoop(DatagramSocket sock, int flow, int msgSize, EndSnapshot timer, TrafficCounter sent,
                                    TrafficCounter received, LatencyRecorder latency) throws IOException {
        byte[] b = new byte[Datagram.HEADER + msgSize];
        DatagramPacket out = new DatagramPacket(b, b.length);
        byte[] buf = new byte[Datagram.HEADER + msgSize + 64];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        long seq = 0;
        while (!timer.expired()) {
            Datagram.header(b, Datagram.DATA, flow, seq);
            long t0 = System.nanoTime();
            try {
                sock.send(out);
            } catch (IOException e) {
                if (sock.isClosed()) {
                    throw e;
                }
                sent.error();
                seq++;
                continue;
            }
            if (timer.expired()) {
                break;
            }
            sent.message(msgSize);
            long lossAt = t0 + SingleFlow.LOSS_NANOS;
            while (!timer.expired() && System.nanoTime() - lossAt < 0) {
                long wait = Math.min(timer.remainingNanos(), lossAt - System.nanoTime());
                sock.setSoTimeout((int) Math.max(1, (wait + 999_999) / 1_000_000L));
                in.setLength(buf.length);
                try {
                    sock.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    if (sock.isClosed()) {
                        throw e;
                    }
                    received.error();
                    break;
                }
                int len = in.getLength();
                // Late echoes of lost round trips carry older numbers: skip them.
                if (Datagram.valid(buf, len) && Datagram.type(buf) == Datagram.ECHO && Datagram.flowId(buf) == flow
                        && Datagram.seq(buf) == seq) {
                    if (!timer.expired()) {
                        received.message(len - Datagram.HEADER);
                        latency.recordRoundTrip(System.nanoTime() - t0);
                    }
                    break;
                }
            }
            seq++;
        }
        timer.take();
    }
}
