package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.server.ServerConfig;
import io.meshperf.agent.engine.singleflow.SingleFlow;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Sync;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures come back as results with the right status; the server frees every session it starts. */
class FailureIT {

    private static final String SESSION_THREADS = "meshperf-qperf-session-";

    private static MeasurementResult run(QperfClient c, TestKind kind, int port, int timeoutSec) {
        TestSpec spec = TestSpec.builder(kind, "127.0.0.1").port(port).timeSec(1).timeoutSec(timeoutSec)
                .waitServerSec(1).build();
        return c.run(spec, Engines.context("127.0.0.1", port)).result();
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port = StockQperf.freePort();
        try (QperfClient c = Engines.client()) {
            MeasurementResult r = run(c, TestKind.TCP_LAT, port, 1);

            assertThat(r.getStatus()).isEqualTo(Status.REFUSED);
            assertThat(r.getReason()).startsWith("127.0.0.1: failed to connect");
        }
    }

    @Test
    void silentPeerTimesOutWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             QperfClient c = Engines.client()) {
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "test-silent-peer");
            acceptor.start();
            long t0 = System.nanoTime();
            MeasurementResult r = run(c, TestKind.TCP_BW, silent.getLocalPort(), 1);

            assertThat(r.getStatus()).isEqualTo(Status.TIMEOUT);
            assertThat(r.getReason()).isEqualTo("failed to receive port: timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            acceptor.join(2000);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void garbagePeerIsAnError() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             QperfClient c = Engines.client()) {
            Thread t = new Thread(() -> {
                try (Socket s = garbage.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "test-garbage-peer");
            t.start();
            MeasurementResult r = run(c, TestKind.UDP_LAT, garbage.getLocalPort(), 2);
            t.join(2000);

            assertThat(r.getStatus()).isEqualTo(Status.ERROR);
            assertThat(r.getReason()).contains("impossible data port");
        }
    }

    @Test
    void vanishingAndStallingClientsAreFreedWithinTheControlTimeout() throws Exception {
        ServerConfig config = ServerConfig.of(0, 1, true, Engines.IDENTITY, HostInfo.local(), Engines.SAMPLER);
        try (QperfServer server = Engines.server(config)) {
            int port = server.port();
            // Half a request, then silence.
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(new byte[100]);
                assertFreed(server, s, Duration.ofSeconds(3));
            }
            // Connect and vanish.
            new Socket("127.0.0.1", port).close();
            awaitBaseline(server);
            // A tcp_bw request whose client never opens the data connection (stock qperf hangs here).
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(Request.of(TestKind.TCP_BW.index(), 65536, 1, 1).encode());
                Wire.readExactly(s.getInputStream(), 4);
                assertFreed(server, s, Duration.ofSeconds(4));
            }
            // Stops mid-test: data connected, synced, a few messages, then nothing more.
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(Request.of(TestKind.TCP_LAT.index(), 1, 2, 1).encode());
                int dataPort = (int) Wire.getU32(Wire.readExactly(s.getInputStream(), 4), 0);
                try (Socket data = new Socket("127.0.0.1", dataPort)) {
                    s.getOutputStream().write(Sync.before());
                    Wire.readExactly(s.getInputStream(), Sync.before().length);
                    data.getOutputStream().write(new byte[3]);
                    assertFreed(server, s, Duration.ofSeconds(10));
                }
            }
            // SINGLE_FLOW: accepted, synced, then the client stops sending frames.
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(Request.of(TestKind.TCP_BW.index(), 1000, 1, 1)
                        .withId(Request.Marker.SINGLE_FLOW).encode());
                assertThat(SingleFlow.isTcpAccept(Wire.readExactly(s.getInputStream(), 4))).isTrue();
                assertThat(KeyValueBlock.read(s.getInputStream())).containsEntry("node", "node-a");
                s.getOutputStream().write(Sync.before());
                Wire.readExactly(s.getInputStream(), Sync.before().length);
                s.getOutputStream().write(SingleFlow.FRAME_DATA);
                assertFreed(server, s, Duration.ofSeconds(5));
            }
        }
    }

    /** The server closes its end (EOF or an error report, then EOF) and its counters return to zero. */
    private static void assertFreed(QperfServer server, Socket client, Duration within) throws IOException {
        client.setSoTimeout((int) within.toMillis());
        InputStream in = client.getInputStream();
        long t0 = System.nanoTime();
        try {
            while (in.read() >= 0) {
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(within);
            }
        } catch (java.net.SocketException e) {
            // A reset is as good as an end of stream: the server let go.
            assertThat(e.getMessage()).containsIgnoringCase("reset");
        }
        awaitBaseline(server);
    }

    static void awaitBaseline(QperfServer server) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> server.activeSessions() == 0 && server.openSockets() == 0
                        && Engines.threads(SESSION_THREADS) == 0);
    }

    @Test
    void aStalledSessionDoesNotBlockOthers() throws Exception {
        try (QperfServer server = Engines.server(true); QperfClient c = Engines.client();
             Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.getOutputStream().write(Request.of(TestKind.TCP_BW.index(), 1, 1, 5).encode(), 0, 100);
            await().atMost(Duration.ofSeconds(2)).until(() -> server.activeSessions() == 1);

            assertThat(run(c, TestKind.TCP_LAT, server.port(), 2).getStatus()).isEqualTo(Status.OK);
            // The finished session lets go right after its SYNC_AFTER; the stalled one is still there.
            await().atMost(Duration.ofSeconds(2)).until(() -> server.activeSessions() == 1);
        }
    }

    @Test
    void busyServerRefusesThroughTheErrorPath() throws Exception {
        ServerConfig config = Engines.config(true).withLimits(1, 60, 1 << 20, 30);
        try (QperfServer server = Engines.server(config); QperfClient c = Engines.client();
             Socket hog = new Socket("127.0.0.1", server.port())) {
            assertThat(hog.isConnected()).isTrue();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.activeSessions() == 1);
            MeasurementResult r = run(c, TestKind.TCP_LAT, server.port(), 2);

            assertThat(r.getStatus()).isEqualTo(Status.REFUSED);
            assertThat(r.getReason()).isEqualTo("server: refused: server busy (1 sessions running)");
            assertThat(server.sessionsRefused()).isEqualTo(1);
        }
    }

    @Test
    void limitsAreRefusedWithTheirReason() throws Exception {
        try (QperfServer server = Engines.server(true); QperfClient c = Engines.client()) {
            TestSpec tooLong = TestSpec.builder(TestKind.TCP_BW, "127.0.0.1").port(server.port()).timeSec(61).build();
            TestSpec tooBig = TestSpec.builder(TestKind.UDP_BW, "127.0.0.1").port(server.port())
                    .mode(ProtocolMode.SINGLE_FLOW).msgSize(2 << 20).build();

            MeasurementResult r1 = c.run(tooLong, Engines.context("127.0.0.1", server.port())).result();
            MeasurementResult r2 = c.run(tooBig, Engines.context("127.0.0.1", server.port())).result();

            assertThat(r1.getStatus()).isEqualTo(Status.REFUSED);
            assertThat(r1.getReason()).contains("time 61 s exceeds this server's limit of 60 s");
            assertThat(r2.getStatus()).isEqualTo(Status.REFUSED);
            assertThat(r2.getReason()).contains("message size 2097152 bytes exceeds");
        }
    }

    @Test
    void quitIsRefusedInAgentModeAndHonouredOtherwise() throws Exception {
        try (QperfServer agent = Engines.server(true); QperfServer dropIn = Engines.server(false);
             QperfClient c = Engines.client()) {
            MeasurementResult refused = run(c, TestKind.QUIT, agent.port(), 2);
            MeasurementResult honoured = run(c, TestKind.QUIT, dropIn.port(), 2);

            assertThat(refused.getStatus()).isEqualTo(Status.REFUSED);
            assertThat(agent.quitRequested()).isNotDone();
            assertThat(honoured.getStatus()).isEqualTo(Status.OK);
            await().atMost(Duration.ofSeconds(2)).until(() -> dropIn.quitRequested().isDone());
        }
    }
}
