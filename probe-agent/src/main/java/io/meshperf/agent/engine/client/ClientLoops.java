package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.EndSnapshot;
import io.meshperf.agent.engine.singleflow.SingleFlow;
import io.meshperf.agent.engine.stats.LatencyRecorder;
import io.meshperf.agent.engine.stats.TrafficCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The client's data loops over TCP and qperf-mode UDP (section 6.2), on the test thread. Each counts
 * only operations completed before the timer. On a data connection or datagram channel of its own
 * (qperf mode) the timer stops the socket at the deadline (closes the UDP channel, shuts the TCP input
 * down), so the calls are plain blocking ones, one system call per message as in qperf; a write to a
 * peer that stopped reading ends at the watchdog's close. In framed mode (SINGLE_FLOW) every message
 * is preceded by {@link SingleFlow#FRAME_DATA}, and reads use the remaining time as socket timeout.
 */
final class ClientLoops {

    private ClientLoops() {
    }

    /** tcp_bw sender. */
    static void tcpSend(Socket data, int msgSize, boolean framed, EndSnapshot timer, TrafficCounter sent) {
        byte[] buf = new byte[msgSize + (framed ? 1 : 0)];
        if (framed) {
            buf[0] = SingleFlow.FRAME_DATA;
        }
        try {
            OutputStream out = data.getOutputStream();
            while (!timer.expired()) {
                out.write(buf);
                if (timer.expired()) {
                    break;
                }
                sent.message(msgSize);
            }
        } catch (IOException e) {
            // A reset or broken pipe ends the phase, as SIGPIPE ends qperf's.
            timer.take();
        }
        timer.take();
    }

    /**
     * tcp_lat requester. Unframed, on a data connection whose input the timer shuts down at the
     * deadline, each read is a plain blocking one (one read per echo, as qperf). Returns the bytes of an echo still due when the timer expired (the
     * SINGLE_FLOW server answers every request, so the client must skip them before STAT).
     */
    static int tcpLatency(Socket data, int msgSize, boolean framed, EndSnapshot timer, TrafficCounter sent,
                          TrafficCounter received, LatencyRecorder latency) throws IOException {
        byte[] req = new byte[msgSize + (framed ? 1 : 0)];
        if (framed) {
            req[0] = SingleFlow.FRAME_DATA;
        }
        byte[] echo = new byte[msgSize];
        OutputStream out = data.getOutputStream();
        InputStream in = data.getInputStream();
        int pending = 0;
        try {
            while (!timer.expired()) {
                long t0 = System.nanoTime();
                out.write(req);
                pending = msgSize;
                if (timer.expired()) {
                    break;
                }
                sent.message(msgSize);
                int got = 0;
                while (got < msgSize && !timer.expired()) {
                    if (framed) {
                        // The single connection carries STAT after the test, so the timer cannot shut
                        // its input down; on a data connection it does, and the read needs no timeout.
                        data.setSoTimeout(timer.remainingMillis());
                    }
                    int n;
                    try {
                        n = in.read(echo, got, msgSize - got);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (n < 0) {
                        timer.take();
                        return 0;
                    }
                    got += n;
                    pending = msgSize - got;
                }
                if (got < msgSize || timer.expired()) {
                    break;
                }
                long t1 = System.nanoTime();
                received.message(msgSize);
                latency.recordRoundTrip(t1 - t0);
            }
        } catch (IOException e) {
            // On its own data connection a reset ends the phase, as a broken pipe ends qperf's;
            // on the single connection it ends the test.
            if (framed) {
                throw e;
            }
        }
        timer.take();
        return pending;
    }

    /**
     * udp_bw sender on a connected, blocking datagram channel that the timer closes at the deadline:
     * one write per datagram from a direct buffer, as qperf's send.
     */
    static void udpSend(DatagramChannel data, int msgSize, EndSnapshot timer, TrafficCounter sent)
            throws IOException {
        ByteBuffer out = ByteBuffer.allocateDirect(msgSize);
        try {
            while (!timer.expired()) {
                out.clear();
                int n;
                try {
                    n = data.write(out);
                } catch (ClosedChannelException e) {
                    throw e;
                } catch (IOException e) {
                    // ICMP port unreachable, message too long: qperf counts a send error and goes on.
                    if (!timer.expired()) {
                        sent.error();
                    }
                    continue;
                }
                if (timer.expired()) {
                    break;
                }
                sent.message(n);
            }
        } catch (ClosedChannelException e) {
            endOfPhase(timer, e);
        }
        timer.take();
    }

    /**
     * udp_lat requester on a connected, blocking datagram channel that the timer closes at the
     * deadline: one write and one read per round trip, as qperf's. A lost datagram leaves it waiting
     * until the timer, exactly like qperf.
     */
    static void udpLatency(DatagramChannel data, int msgSize, EndSnapshot timer, TrafficCounter sent,
                           TrafficCounter received, LatencyRecorder latency) throws IOException {
        ByteBuffer out = ByteBuffer.allocateDirect(msgSize);
        // A zero-length read buffer would return at once without reading; qperf's buffer is never empty.
        ByteBuffer in = ByteBuffer.allocateDirect(Math.max(1, msgSize));
        try {
            while (!timer.expired()) {
                long t0 = System.nanoTime();
                out.clear();
                try {
                    data.write(out);
                } catch (ClosedChannelException e) {
                    throw e;
                } catch (IOException e) {
                    if (!timer.expired()) {
                        sent.error();
                    }
                    continue;
                }
                if (timer.expired()) {
                    break;
                }
                sent.message(msgSize);
                in.clear();
                int n;
                try {
                    n = data.read(in);
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
                received.message(n);
                latency.recordRoundTrip(System.nanoTime() - t0);
            }
        } catch (ClosedChannelException e) {
            endOfPhase(timer, e);
        }
        timer.take();
    }

    /** A channel closed before the deadline was closed by a watchdog: that is a failure, not the end. */
    private static void endOfPhase(EndSnapshot timer, ClosedChannelException e) throws ClosedChannelException {
        if (!timer.expired()) {
            throw e;
        }
    }
}
