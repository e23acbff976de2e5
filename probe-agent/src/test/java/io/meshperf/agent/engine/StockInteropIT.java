package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with the stock qperf 0.4.11 binary in both directions, over IPv4 and IPv6 loopback, with
 * stock↔stock on the same path as the yardstick. Loopback on a shared 2-CPU machine is noisy, so the
 * figures are compared within a generous factor.
 */
class StockInteropIT {

    /** Our figures must be within this factor of stock↔stock's, either way. */
    private static final double FACTOR = 10;
    /** The machine is shared: a comparison disturbed by other load is measured again, up to this often. */
    private static final int ATTEMPTS = 3;

    @BeforeAll
    static void needsStockQperf() {
        assumeThat(StockQperf.available()).as("stock qperf installed").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void stockClientAgainstOurServer(String host) throws Exception {
        List<String> violations = List.of("not run");
        for (int attempt = 0; attempt < ATTEMPTS && !violations.isEmpty(); attempt++) {
            StockQperf.Run ours;
            try (QperfServer server = Engines.server(false)) {
                ours = StockQperf.client(30, "-v", "-t", "1", "-lp", Integer.toString(server.port()), host, "tcp_bw",
                        "tcp_lat", "udp_bw", "udp_lat", "conf");
            }
            StockQperf.Run stock;
            try (StockQperf server = StockQperf.server()) {
                stock = StockQperf.client(30, "-v", "-t", "1", "-lp", Integer.toString(server.port()), host,
                        "tcp_bw", "tcp_lat", "udp_bw", "udp_lat", "conf");
            }

            assertThat(ours.exit()).as(ours.stdout() + ours.stderr()).isZero();
            assertThat(ours.stdout()).contains("tcp_bw:", "tcp_lat:", "udp_bw:", "udp_lat:", "conf:",
                    "rem_qperf  =  0.4.11", "rem_node   =  " + HostInfo.nodeName());
            assertThat(lineNames(ours.stdout())).isEqualTo(lineNames(stock.stdout()));
            violations = new ArrayList<>();
            for (String figure : new String[] {"bw", "latency", "send_bw", "recv_bw", "msg_rate"}) {
                compare(violations, figure, Engines.figure(ours.stdout(), figure),
                        Engines.figure(stock.stdout(), figure));
            }
        }
        assertThat(violations).as("figures outside a factor of %s of stock's, in every attempt", FACTOR).isEmpty();
    }

    @Test
    void stockClientOptionsReachOurServer() throws Exception {
        try (QperfServer server = Engines.server(false)) {
            int dataPort = StockQperf.freePort();
            StockQperf.Run run = StockQperf.client(30, "-vvu", "-t", "1", "-m", "64k", "-sb", "100000", "-ip",
                    Integer.toString(dataPort), "-lp", Integer.toString(server.port()), "127.0.0.1", "tcp_bw",
                    "udp_lat");

            assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout()).contains("msg_size       =      64 KB", "port           =  " + String.format("%,d",
                    dataPort) + " ", "sock_buf_size  =     100 KB");
            assertThat(Engines.figure(run.stdout(), "bw")).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void ourClientAgainstStockServer(String host) throws Exception {
        List<String> violations = List.of("not run");
        for (int attempt = 0; attempt < ATTEMPTS && !violations.isEmpty(); attempt++) {
            try (StockQperf server = StockQperf.server(); QperfClient client = Engines.client()) {
                StockQperf.Run stock = StockQperf.client(30, "-t", "1", "-lp", Integer.toString(server.port()), host,
                        "tcp_bw", "tcp_lat", "udp_bw", "udp_lat");
                MeasurementResult tcpBw = ok(Engines.run(client, TestKind.TCP_BW, host, server.port(),
                        ProtocolMode.QPERF));
                MeasurementResult tcpLat = ok(Engines.run(client, TestKind.TCP_LAT, host, server.port(),
                        ProtocolMode.QPERF));
                MeasurementResult udpBw = ok(Engines.run(client, TestKind.UDP_BW, host, server.port(),
                        ProtocolMode.QPERF));
                MeasurementResult udpLat = ok(Engines.run(client, TestKind.UDP_LAT, host, server.port(),
                        ProtocolMode.QPERF));
                TestOutcome conf = Engines.run(client, TestKind.CONF, host, server.port(), ProtocolMode.QPERF);

                assertThat(udpLat.getLatencyNs()).isPositive();
                assertThat(tcpLat.getLatency().getSamples()).isEqualTo(tcpLat.getLocal().getRecvMessages());
                assertThat(tcpLat.getLatency().getP50Ns()).isBetween(tcpLat.getLatency().getMinNs(),
                        tcpLat.getLatency().getMaxNs());
                assertThat(udpLat.getLatency().getJitterNs()).isNotNull();
                assertThat(udpBw.getUdpMessagesSent()).isEqualTo(udpBw.getLocal().getSendMessages());
                assertThat(udpBw.getUdpMessagesReceived()).isEqualTo(udpBw.getRemote().getRecvMessages());
                assertThat(udpBw.getUdpLossRatio()).isBetween(0.0, 1.0);
                assertThat(tcpBw.getLocal().getProcessCpuNs()).isPositive();
                assertThat(tcpBw.getRemote().getCpusUsedPercent()).isPositive();
                assertThat(tcpBw.getServedBy()).as("a stock server cannot name itself").isNull();
                assertThat(conf.ok()).isTrue();
                assertThat(conf.remoteConf().qperf()).isEqualTo("0.4.11");
                assertThat(conf.result().getServedBy()).isNull();
                violations = new ArrayList<>();
                compare(violations, "bw", tcpBw.getBwBytesPerSec(), Engines.figure(stock.stdout(), "bw"));
                compare(violations, "tcp latency", tcpLat.getLatencyNs() / 1e9,
                        Engines.figure(stock.stdout(), "latency"));
                compare(violations, "send_bw", udpBw.getSendBwBytesPerSec(), Engines.figure(stock.stdout(), "send_bw"));
                compare(violations, "recv_bw", udpBw.getRecvBwBytesPerSec(), Engines.figure(stock.stdout(), "recv_bw"));
            }
        }
        assertThat(violations).as("figures outside a factor of %s of stock's, in every attempt", FACTOR).isEmpty();
    }

    private static MeasurementResult ok(TestOutcome o) {
        assertThat(o.result().getStatus()).as(String.valueOf(o.result().getReason())).isEqualTo(Status.OK);
        return o.result();
    }

    private static void compare(List<String> violations, String what, double ours, double stock) {
        if (!(ours > 0 && ours >= stock / FACTOR && ours <= stock * FACTOR)) {
            violations.add(what + ": ours " + ours + ", stock " + stock);
        }
    }

    private static List<String> lineNames(String out) {
        return out.lines().filter(l -> !l.contains("_node ") && !l.contains("_cpu ") && !l.contains("_os "))
                .map(l -> l.contains("=") ? l.substring(0, l.indexOf('=')).trim() : l).toList();
    }
}
