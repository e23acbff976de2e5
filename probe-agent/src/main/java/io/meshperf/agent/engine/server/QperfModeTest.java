package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.EndSnapshot;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Sync;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.agent.engine.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The server side of one socket test in qperf's own mode (section 6 of the protocol notes): a data
 * port per test, PORT, sync, the data loop until the test timer, STAT, SYNC_AFTER. Runs on the
 * session thread and blocks; the data accept is bounded by the control timeout (the stock server
 * waits forever there).
 */
final class QperfModeTest {

    private static volatile int touched;

    private final Session s;
    private final Request req;
    private final TestKind kind;
    private final boolean trailer;
    private final CpuSampler sampler;

    QperfModeTest(Session s, Request req, TestKind kind, boolean trailer) {
        this.s = s;
        this.req = req;
        this.kind = kind;
        this.trailer = trailer;
        this.sampler = s.config.sampler();
    }

    void run() throws IOException, SessionFailure {
        if (kind.isTcp()) {
            runTcp();
        } else {
            runUdp();
        }
    }

    private void runTcp() throws IOException, SessionFailure {
        Socket data;
        try (ServerSocket listener = new ServerSocket()) {
            s.register(listener);
            try {
                listener.setReuseAddress(true);
                listener.bind(new InetSocketAddress(req.port()), 1);
            } catch (IOException e) {
                throw new SessionFailure("unable to make TCP socket");
            }
            sendPort(listener.getLocalPort());
            listener.setSoTimeout(s.timeoutMillis());
            try {
                data = listener.accept();
            } catch (SocketTimeoutException e) {
                throw new SessionFailure("failed to accept data connection: timed out");
            }
        }
        s.register(data);
        if (req.sockBufSize() > 0) {
            data.setSendBufferSize(req.sockBufSize());
            data.setReceiveBufferSize(req.sockBufSize());
        }
        s.syncBefore();
        long startNanos = System.nanoTime();
        CpuSnapshot start = sampler.snapshot();
        long cpu0 = sampler.processCpuNanos();
        TrafficCounter sent = new TrafficCounter();
        TrafficCounter received = new TrafficCounter();
        CpuSnapshot end;
        // At the deadline the timer shuts the input down, which ends a blocked read (no RST to the peer,
        // which may still be writing until its own deadline); the reads then need no timeout.
        try (EndSnapshot timer = new EndSnapshot(sampler, s.watchdog, startNanos + req.time() * 1_000_000_000L,
                data::shutdownInput)) {
            if (kind == TestKind.TCP_BW) {
                tcpReceive(data, timer, received);
            } else {
                tcpEcho(data, timer, sent, received);
            }
            end = timer.get();
        }
        finish(start, end, sent, received, cpu0);
        QperfServer.closeQuietly(data);
    }

    private void tcpReceive(Socket data, EndSnapshot timer, TrafficCounter received) throws IOException {
        InputStream in = data.getInputStream();
        byte[] buf = new byte[req.msgSize()];
        while (!timer.expired()) {
            if (!readMessage(data, in, buf, timer)) {
                break;
            }
            if (timer.expired()) {
                break;
            }
            if (req.accessRecv() != 0) {
                touch(buf);
            }
            received.message(buf.length);
        }
        timer.take();
    }

    private void tcpEcho(Socket data, EndSnapshot timer, TrafficCounter sent, TrafficCounter received)
            throws IOException {
        InputStream in = data.getInputStream();
        OutputStream out = data.getOutputStream();
        byte[] buf = new byte[req.msgSize()];
        while (!timer.expired()) {
            if (!readMessage(data, in, buf, timer) || timer.expired()) {
                break;
            }
            received.message(buf.length);
            try {
                out.write(buf);
            } catch (IOException e) {
                break;
            }
            if (timer.expired()) {
                break;
            }
            sent.message(buf.length);
        }
        timer.take();
    }

    /**
     * Reads one whole message before the deadline with plain blocking reads (one read per chunk, as
     * qperf; a timed read would make the socket non-blocking and poll whenever no data is there yet).
     * Returns false at end of stream (also the input shutdown at the deadline), reset or expiry; a
     * partial message is dropped, as qperf drops it.
     */
    static boolean readMessage(Socket data, InputStream in, byte[] buf, EndSnapshot timer) throws IOException {
        int got = 0;
        while (got < buf.length) {
            if (timer.expired()) {
                return false;
            }
            int n;
            try {
                n = in.read(buf, got, buf.length - got);
            } catch (IOException e) {
                if (data.isClosed()) {
                    throw e;
                }
                return false;
            }
            if (n < 0) {
                return false;
            }
            got += n;
        }
        return true;
    }

    private void runUdp() throws IOException, SessionFailure {
        DatagramChannel data;
        try {
            data = DatagramChannel.open();
            s.register(data);
            data.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // Bound to the address the client dialled, not the wildcard qperf uses: replies must leave
            // from the address the client's connected socket expects, which on a multi-homed host
            // (or a secondary loopback address) is not always the one the routing table would pick.
            data.bind(new InetSocketAddress(s.control.getLocalAddress(), req.port()));
        } catch (IOException e) {
            throw new SessionFailure("unable to make UDP socket");
        }
        if (req.sockBufSize() > 0) {
            data.setOption(StandardSocketOptions.SO_SNDBUF, req.sockBufSize());
            data.setOption(StandardSocketOptions.SO_RCVBUF, req.sockBufSize());
        }
        sendPort(((InetSocketAddress) data.getLocalAddress()).getPort());
        s.syncBefore();
        long startNanos = System.nanoTime();
        CpuSnapshot start = sampler.snapshot();
        long cpu0 = sampler.processCpuNanos();
        TrafficCounter sent = new TrafficCounter();
        TrafficCounter received = new TrafficCounter();
        CpuSnapshot end;
        // The timer closes the channel right after the end snapshot: the loop then needs no timeout.
        try (EndSnapshot timer = new EndSnapshot(sampler, s.watchdog, startNanos + req.time() * 1_000_000_000L,
                data)) {
            udpLoop(data, timer, sent, received);
            end = timer.get();
        }
        finish(start, end, sent, received, cpu0);
        data.close();
    }

    /**
     * Receives (and for udp_lat answers) datagrams until the timer closes the channel. The channel is
     * blocking and has no timeout, so each datagram costs one recvfrom (and one sendto), as in qperf;
     * a timed receive would switch the socket to non-blocking and back, and poll, every time.
     */
    private void udpLoop(DatagramChannel data, EndSnapshot timer, TrafficCounter sent, TrafficCounter received)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(req.msgSize());
        ByteBuffer reply = ByteBuffer.allocateDirect(req.msgSize());
        try {
            while (!timer.expired()) {
                buf.clear();
                SocketAddress peer;
                try {
                    peer = data.receive(buf);
                } catch (ClosedChannelException e) {
                    throw e;
                } catch (IOException e) {
                    if (!timer.expired()) {
                        received.error();
                    }
                    continue;
                }
                if (timer.expired()) {
                    break;
                }
                received.message(buf.position());
                if (kind == TestKind.UDP_LAT) {
                    reply.clear();
                    try {
                        data.send(reply, peer);
                        if (!timer.expired()) {
                            sent.message(req.msgSize());
                        }
                    } catch (ClosedChannelException e) {
                        throw e;
                    } catch (IOException e) {
                        if (!timer.expired()) {
                            sent.error();
                        }
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // Closed by the timer at the deadline (the normal end), or by the session watchdog.
            if (!timer.expired()) {
                throw e;
            }
        }
        timer.take();
    }

    private void sendPort(int port) throws IOException {
        byte[] b = new byte[4];
        Wire.putU32(b, 0, port);
        s.write(b);
    }

    private void finish(CpuSnapshot start, CpuSnapshot end, TrafficCounter sent, TrafficCounter received,
                        long cpu0) throws IOException, SessionFailure {
        long cpu1 = sampler.processCpuNanos();
        NodeRecord record = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), start, end, sent.snapshot(),
                received.snapshot());
        s.sendStat(record, trailer, cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1);
        s.expect(Sync.after(), Sync.AFTER_TEXT);
    }

    static void touch(byte[] buf) {
        int sum = 0;
        for (byte b : buf) {
            sum += b;
        }
        // Published so the JIT cannot drop the read-through that access_recv asks for.
        touched = sum;
    }
}
