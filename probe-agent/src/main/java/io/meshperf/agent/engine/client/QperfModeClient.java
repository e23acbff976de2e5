package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.EndSnapshot;
import io.meshperf.agent.engine.TestFailure;
import io.meshperf.agent.engine.Watchdog;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.LatencyRecorder;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.Sync;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * A test in qperf's own protocol (section 13.2 of the protocol notes): works against a stock server
 * and against meshperf's. Runs on the caller's thread and blocks for the test's time plus control
 * exchanges; every failure is a {@link TestFailure}.
 */
final class QperfModeClient {

    private final CpuSampler sampler;
    private final Watchdog watchdog;

    QperfModeClient(CpuSampler sampler, Watchdog watchdog) {
        this.sampler = sampler;
        this.watchdog = watchdog;
    }

    /** conf: both sides' records, plus the peer's identity when it is meshperf. */
    Map.Entry<Conf, Map<String, String>> conf(TestSpec spec) throws TestFailure {
        try (ControlChannel ch = ControlChannel.connect(spec.host(), spec.port(), spec.waitServerSec(),
                spec.timeoutSec())) {
            ch.write(spec.request().encode());
            Conf conf = Conf.decode(ch.read(Conf.SIZE, "configuration"));
            Map<String, String> kv = Map.of();
            if (spec.askIdentity()) {
                kv = PeerProbe.optionalKeyValues(ch);
            }
            return Map.entry(conf, kv);
        }
    }

    /** quit: asks a (stock or drop-in) server to stop. */
    void quit(TestSpec spec) throws TestFailure {
        try (ControlChannel ch = ControlChannel.connect(spec.host(), spec.port(), spec.waitServerSec(),
                spec.timeoutSec())) {
            ch.write(spec.request().encode());
            ch.write(Sync.before());
            ch.expect(Sync.before(), Sync.BEFORE_TEXT);
        }
    }

    RawRun run(TestSpec spec) throws TestFailure {
        try (ControlChannel ch = ControlChannel.connect(spec.host(), spec.port(), spec.waitServerSec(),
                spec.timeoutSec())) {
            ch.write(spec.request().encode());
            byte[] portBytes = ch.read(4, "port");
            long port = Wire.getU32(portBytes, 0);
            if (port > 65535 || port == 0) {
                if (portBytes[0] == '?') {
                    throw ch.errorAfter(portBytes);
                }
                throw new TestFailure(Status.ERROR, "server sent an impossible data port " + port
                        + " (not a qperf 0.4.11 server?)");
            }
            return spec.kind().isTcp() ? tcp(spec, ch, (int) port) : udp(spec, ch, (int) port);
        }
    }

    private RawRun tcp(TestSpec spec, ControlChannel ch, int port) throws TestFailure {
        Socket connected;
        try {
            connected = connectData(spec.host(), port, spec.timeoutSec());
        } catch (TestFailure f) {
            // Tell the server, or a stock one would wait in accept forever.
            ch.report(f.getMessage());
            throw f;
        }
        try (Socket data = connected) {
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
            // A stock server stops reading at its own deadline; a write blocked then must not hang us.
            // A read blocked at our deadline ends when the timer shuts the input down.
            try (EndSnapshot timer = new EndSnapshot(sampler, watchdog, deadline, data::shutdownInput);
                 Watchdog.Armed guard = watchdog.arm(data, deadline - System.nanoTime() + 200_000_000L, "data")) {
                if (spec.kind() == TestKind.TCP_BW) {
                    ClientLoops.tcpSend(data, spec.msgSize(), false, timer, sent);
                } else {
                    ClientLoops.tcpLatency(data, spec.msgSize(), false, timer, sent, received, latency);
                }
                end = timer.get();
            } catch (IOException e) {
                throw new TestFailure(Status.ERROR, "data connection failed: " + e.getMessage());
            }
            long cpu1 = sampler.processCpuNanos();
            return finish(spec, ch, start, end, sent, received, latency, cpu0 >= 0 ? cpu1 - cpu0 : -1);
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "data connection failed: " + e.getMessage());
        }
    }

    private RawRun udp(TestSpec spec, ControlChannel ch, int port) throws TestFailure {
        try (DatagramChannel data = DatagramChannel.open()) {
            InetAddress first = InetAddress.getAllByName(spec.host())[0];
            data.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            data.connect(new InetSocketAddress(first, port));
            ch.write(Sync.before());
            ch.expect(Sync.before(), Sync.BEFORE_TEXT);
            long startNanos = System.nanoTime();
            CpuSnapshot start = sampler.snapshot();
            long cpu0 = sampler.processCpuNanos();
            TrafficCounter sent = new TrafficCounter();
            TrafficCounter received = new TrafficCounter();
            LatencyRecorder latency = new LatencyRecorder(true);
            CpuSnapshot end;
            // The timer closes the channel at the deadline, so the loops block without a timeout.
            try (EndSnapshot timer = new EndSnapshot(sampler, watchdog,
                    startNanos + spec.timeSec() * 1_000_000_000L, data)) {
                if (spec.kind() == TestKind.UDP_BW) {
                    ClientLoops.udpSend(data, spec.msgSize(), timer, sent);
                } else {
                    ClientLoops.udpLatency(data, spec.msgSize(), timer, sent, received, latency);
                }
                end = timer.get();
            }
            long cpu1 = sampler.processCpuNanos();
            return finish(spec, ch, start, end, sent, received, latency, cpu0 >= 0 ? cpu1 - cpu0 : -1);
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "UDP data socket failed: " + e.getMessage());
        }
    }

    private RawRun finish(TestSpec spec, ControlChannel ch, CpuSnapshot start, CpuSnapshot end, TrafficCounter sent,
                          TrafficCounter received, LatencyRecorder latency, long processCpuNs) throws TestFailure {
        byte[] stat = ch.read(Stat.SIZE, "results");
        Map<String, String> kv = Map.of();
        if (spec.askIdentity() && Stat.identFollows(stat)) {
            kv = ch.readKeyValues("meshperf identity");
        }
        ch.write(Sync.after());
        NodeRecord local = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), start, end, sent.snapshot(),
                received.snapshot());
        return new RawRun(local, Stat.decode(stat), latency, kv, processCpuNs);
    }

    /**
     * Connects the TCP data socket to the same host string, trying each address (section 2.5). The
     * socket is a channel's adaptor because a channel returns to blocking mode after a timed connect
     * (a plain {@link Socket} stays non-blocking, and then polls whenever a read finds no data yet).
     */
    static Socket connectData(String host, int port, int timeoutSec) throws TestFailure {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (IOException e) {
            throw new TestFailure(Status.UNREACHABLE, host + ": cannot resolve for the data connection");
        }
        for (InetAddress a : addresses) {
            Socket s;
            try {
                s = SocketChannel.open().socket();
            } catch (IOException e) {
                throw new TestFailure(Status.ERROR, "could not make TCP socket: " + e.getMessage());
            }
            try {
                s.setReuseAddress(true);
                s.connect(new InetSocketAddress(a, port), timeoutSec * 1000);
                return s;
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
        }
        throw new TestFailure(Status.ERROR, "could not make TCP connection to server");
    }
}
