package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.TestFailure;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's control connection: connect with qperf's retry rule, then timed reads that recognise
 * the peer's error report (urgent {@code ?} inline, then text, then end of stream; section 12.3).
 * Used by one test thread; reads block up to the control timeout and fail as {@link TestFailure}.
 */
final class ControlChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    private final int timeoutMillis;

    private ControlChannel(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects to {@code host:port}, trying every address in resolver order, once a second until
     * {@code waitSec} has passed. REFUSED when every attempt was refused, UNREACHABLE otherwise.
     */
    static ControlChannel connect(String host, int port, int waitSec, int timeoutSec) throws TestFailure {
        long deadline = System.nanoTime() + Math.max(1, waitSec) * 1_000_000_000L;
        Status worst;
        String last;
        while (true) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new TestFailure(Status.UNREACHABLE, host + ": failed to connect (unknown host)");
            }
            // The outcome of the latest round decides the status: refused only if every address refused.
            worst = Status.REFUSED;
            last = "connection refused";
            for (InetAddress a : addresses) {
                Socket s = new Socket();
                try {
                    // -ws bounds the retries, not one attempt: a slow handshake still gets a second.
                    long left = Math.max(1000, (deadline - System.nanoTime()) / 1_000_000L);
                    s.connect(new InetSocketAddress(a, port), (int) Math.min(left, Integer.MAX_VALUE));
                    s.setOOBInline(true);
                    return new ControlChannel(s, timeoutSec * 1000);
                } catch (ConnectException e) {
                    close(s);
                } catch (NoRouteToHostException | SocketTimeoutException e) {
                    worst = Status.UNREACHABLE;
                    last = e instanceof SocketTimeoutException ? "connect timed out" : "no route to host";
                    close(s);
                } catch (IOException e) {
                    worst = Status.UNREACHABLE;
                    last = e.getMessage();
                    close(s);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // qperf's own words; the cause is added when it is not the plain refusal.
                throw new TestFailure(worst, host + ": failed to connect"
                        + (worst == Status.REFUSED ? "" : " (" + last + ")"));
            }
            try {
                Thread.sleep(Math.min(1000, left / 1_000_000L + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestFailure(Status.ERROR, "interrupted while connecting to " + host);
            }
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing control socket failed: {}", e.toString());
        }
    }

    void write(byte[] b) throws TestFailure {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "failed to send to server: " + e.getMessage());
        }
    }

    /** Reads exactly {@code n} bytes of {@code item}; a peer's error report becomes its text. */
    byte[] read(int n, String item) throws TestFailure {
        try {
            socket.setSoTimeout(timeoutMillis);
            return Wire.readExactly(in, n);
        } catch (Wire.ShortReadException e) {
            byte[] partial = e.partial();
            if (partial.length > 0 && partial[0] == '?') {
                throw TestFailure.fromPeer(new String(partial, 1, partial.length - 1, StandardCharsets.UTF_8));
            }
            throw new TestFailure(Status.ERROR, "failed to receive " + item + ": server not responding");
        } catch (SocketTimeoutException e) {
            throw new TestFailure(Status.TIMEOUT, "failed to receive " + item + ": timed out");
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "failed to receive " + item + ": " + e.getMessage());
        }
    }

    /** {@code got} started with {@code ?} where a message was due: read the rest of the peer's report. */
    TestFailure errorAfter(byte[] got) {
        byte[] rest;
        try {
            socket.setSoTimeout(timeoutMillis);
            rest = Wire.readToEnd(in, 1024);
        } catch (IOException e) {
            rest = new byte[0];
        }
        byte[] all = Arrays.copyOf(got, got.length + rest.length);
        System.arraycopy(rest, 0, all, got.length, rest.length);
        return TestFailure.fromPeer(new String(all, 1, all.length - 1, StandardCharsets.UTF_8).trim());
    }

    /** Reads a sync string and checks it byte for byte. */
    void expect(byte[] wanted, String item) throws TestFailure {
        byte[] got = read(wanted.length, item);
        if (!Arrays.equals(got, wanted)) {
            if (got[0] == '?') {
                throw errorAfter(got);
            }
            throw new TestFailure(Status.ERROR, "synchronize " + item + " failure: data does not match");
        }
    }

    Map<String, String> readKeyValues(String item) throws TestFailure {
        try {
            socket.setSoTimeout(timeoutMillis);
            return KeyValueBlock.read(in);
        } catch (SocketTimeoutException e) {
            throw new TestFailure(Status.TIMEOUT, "failed to receive " + item + ": timed out");
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "failed to receive " + item + ": " + e.getMessage());
        }
    }

    /** Reports an error to the peer through qperf's error path; best effort. */
    void report(String text) {
        io.meshperf.agent.engine.ErrorReport.sendAndClose(socket, text);
    }

    @Override
    public void close() {
        close(socket);
    }
}
