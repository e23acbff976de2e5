package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.server.ServerConfig;
import io.meshperf.agent.engine.singleflow.Datagram;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed, truncated and random requests (TCP) and datagrams (UDP): the server stays
 * up, answers a well-formed client afterwards, and its sessions, sockets and threads return to
 * baseline. Seeded, so a failure can be replayed.
 */
class ServerFuzzIT {

    private static final int CONNECTIONS = 2000;
    private static final int DATAGRAMS = 3000;
    private static final int CLIENT_THREADS = 4;
    private static final long SEED = 20261127L;

    @Test
    void survivesGarbageAndReturnsToBaseline() throws Exception {
        ServerConfig config = new ServerConfig(0, 1, true, 8, 2, 1 << 20, 1, Engines.IDENTITY, HostInfo.local(),
                Engines.SAMPLER);
        try (QperfServer server = Engines.server(config); QperfClient client = Engines.client()) {
            int port = server.port();
            java.util.Set<String> fdBaseline = openFiles();
            long threadBaseline = Engines.threads(QperfServer.THREAD_PREFIX);
            AtomicLong sent = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < CLIENT_THREADS; w++) {
                Random random = new Random(SEED + w);
                Thread t = new Thread(() -> {
                    for (int i = 0; i < CONNECTIONS / CLIENT_THREADS; i++) {
                        tcpCase(random, port);
                        sent.incrementAndGet();
                    }
                }, "fuzz-tcp-" + w);
                workers.add(t);
                t.start();
            }
            udpCases(new Random(SEED), port);
            for (Thread t : workers) {
                t.join(120_000);
            }

            assertThat(sent.get()).isEqualTo(CONNECTIONS);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> server.activeSessions() == 0 && server.openSockets() == 0
                            && Engines.threads("meshperf-qperf-session-") == 0);
            // Each fuzz client resets its connection (linger 0); the kernel may drop one that is reset
            // before the server accepted it, so a handful can go uncounted without any server fault.
            // UDP single-flow sessions share the slot counters, and a random datagram that happens to
            // be a well-formed request starts one, so the upper bound counts the datagrams too.
            assertThat(server.sessionsStarted() + server.sessionsRefused())
                    .isGreaterThanOrEqualTo(CONNECTIONS * 99L / 100).isLessThanOrEqualTo(CONNECTIONS + DATAGRAMS);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                java.util.Set<String> now = openFiles();
                now.removeAll(fdBaseline);
                assertThat(now).as("files opened since the baseline and still open").hasSizeLessThanOrEqualTo(2);
            });
            assertThat(Engines.threads(QperfServer.THREAD_PREFIX)).isEqualTo(threadBaseline);

            assertThat(Engines.run(client, TestKind.TCP_LAT, "127.0.0.1", port, ProtocolMode.QPERF).result()
                    .getStatus()).isEqualTo(Status.OK);
            assertThat(Engines.run(client, TestKind.UDP_LAT, "127.0.0.1", port, ProtocolMode.SINGLE_FLOW).result()
                    .getStatus()).isEqualTo(Status.OK);
        }
    }

    private static void tcpCase(Random r, int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoLinger(true, 0);
            OutputStream out = s.getOutputStream();
            switch (r.nextInt(6)) {
                case 0 -> out.write(bytes(r, r.nextInt(400)));
                case 1 -> {
                    byte[] header = bytes(r, 6);
                    Wire.putU16(header, 0, r.nextInt(2));
                    Wire.putU16(header, 2, 3 + r.nextInt(3));
                    out.write(header);
                }
                case 2 -> {
                    byte[] req = plausibleRequest(r).encode();
                    out.write(req, 0, r.nextInt(req.length));
                }
                case 3 -> {
                    out.write(plausibleRequest(r).encode());
                    out.write(bytes(r, r.nextInt(300)));
                }
                case 4 -> {
                    byte[] req = bytes(r, Request.SIZE);
                    Wire.putU16(req, 0, 0);
                    Wire.putU16(req, 2, 4);
                    out.write(req);
                }
                default -> {
                    out.write(plausibleRequest(r).withId(Request.Marker.SINGLE_FLOW).encode());
                    out.write(bytes(r, r.nextInt(100)));
                }
            }
            out.flush();
        } catch (IOException e) {
            // Refusals and resets are expected answers to garbage; the assertions look at the server.
            assertThat(e).isInstanceOf(IOException.class);
        }
    }

    private static void udpCases(Random r, int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] b;
                switch (r.nextInt(4)) {
                    case 0 -> b = bytes(r, r.nextInt(300));
                    case 1 -> {
                        b = bytes(r, Datagram.HEADER + r.nextInt(300));
                        Datagram.header(b, (byte) r.nextInt(12), r.nextInt(4), r.nextLong());
                    }
                    case 2 -> b = Datagram.build(Datagram.REQ, r.nextInt(), 0,
                            plausibleRequest(r).withId(Request.Marker.SINGLE_FLOW).encode());
                    default -> b = Datagram.build(Datagram.REQ, r.nextInt(), 0, bytes(r, r.nextInt(220)));
                }
                s.send(new DatagramPacket(b, b.length, to));
            }
        }
    }

    /** A request with a right version and mostly small, sometimes silly fields. */
    private static Request plausibleRequest(Random r) {
        int index = r.nextInt(4) == 0 ? r.nextInt(65536) : r.nextInt(12);
        int msgSize = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(2048);
        return new Request(0, 4, r.nextInt(20), index, r.nextInt(2), 0, r.nextInt(2), msgSize, r.nextInt(3),
                0, r.nextInt(3) == 0 ? r.nextInt(1 << 20) : 0, r.nextInt(3), r.nextInt(3), "");
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** This process's open files, as "fd -> target". */
    private static java.util.Set<String> openFiles() throws IOException {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            java.util.Set<String> out = new java.util.HashSet<>();
            for (Path p : list.toList()) {
                try {
                    out.add(p.getFileName() + " -> " + Files.readSymbolicLink(p));
                } catch (IOException e) {
                    // The fd of the directory listing itself is gone by now.
                    out.add(p.getFileName() + " -> gone");
                }
            }
            return out;
        }
    }
}
