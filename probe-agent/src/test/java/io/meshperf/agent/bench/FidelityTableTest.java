package io.meshperf.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FidelityTableTest {

    private static List<QperfReport> run(double tcpBw, double tcpLatNs, double udpRecv, double udpLatNs) {
        return QperfOutputParser.parse("""
                tcp_bw:
                    bw              =  %s MB/sec
                    send_cpus_used  =   120 %% cpus
                    recv_cpus_used  =   120 %% cpus
                tcp_lat:
                    latency        =  %s ns
                udp_bw:
                    send_bw         =  2 GB/sec
                    recv_bw         =  %s MB/sec
                udp_lat:
                    latency        =  %s ns
                """.formatted(tcpBw, tcpLatNs, udpRecv, udpLatNs));
    }

    @Test
    void marksEachPairAgainstTheTargetsUsingMedians() {
        Measurements m = new Measurements();
        m.add(Pair.QPERF_TO_QPERF, BenchRunner.ALL_TESTS, run(1000, 40_000, 500, 30_000));
        m.add(Pair.QPERF_TO_QPERF, BenchRunner.ALL_TESTS, run(1200, 42_000, 520, 31_000));
        m.add(Pair.QPERF_TO_QPERF, BenchRunner.ALL_TESTS, run(900, 41_000, 510, 32_000));
        // meshperf->meshperf: bw 0.96 (ok), tcp latency 1.12 (miss), udp recv 0.90 (miss), udp latency 1.0.
        m.add(Pair.MESHPERF_TO_MESHPERF, BenchRunner.ALL_TESTS, run(960, 45_920, 459, 31_000));
        m.add(Pair.QPERF_TO_MESHPERF, BenchRunner.ALL_TESTS, run(1000, 41_000, 510, 31_000));
        m.fail(Pair.MESHPERF_TO_QPERF, "client exited 1");

        FidelityTable.Rendered table = FidelityTable.render("loopback", m);

        assertThat(table.text()).startsWith("loopback\n");
        assertThat(line(table, "tcp_bw bw")).contains("1000.0", "960.0", "0.96 ok", "1.00 ok", "n/a  MISS");
        assertThat(line(table, "tcp_lat latency")).contains("41.00", "45.92", "1.12 MISS", "1.00 ok");
        assertThat(line(table, "udp_bw recv_bw")).contains("0.90 MISS");
        assertThat(line(table, "udp_bw send_bw")).contains("2000.0").doesNotContain("MISS");
        assertThat(line(table, "tcp_bw send_cpus_used")).contains("120");
        // 4 targeted metrics x 3 pairs; misses: 2 for meshperf->meshperf, all 4 for the failed pair.
        assertThat(table.checked()).isEqualTo(12);
        assertThat(table.missed()).isEqualTo(6);
        assertThat(m.failures()).containsExactly("meshperf->qperf: client exited 1");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Measurements m = new Measurements();
        m.add(Pair.QPERF_TO_QPERF, BenchRunner.ALL_TESTS, run(100, 1, 1, 1));
        m.add(Pair.QPERF_TO_QPERF, BenchRunner.ALL_TESTS, run(300, 1, 1, 1));
        assertThat(m.median(Pair.QPERF_TO_QPERF, Metric.TCP_BW).getAsDouble()).isEqualTo(200e6);
        assertThat(m.median(Pair.MESHPERF_TO_QPERF, Metric.TCP_BW)).isEmpty();
    }

    @Test
    void aMissingTargetedFigureIsRecordedAsAFailure() {
        Measurements m = new Measurements();
        m.add(Pair.MESHPERF_TO_MESHPERF, List.of("tcp_bw", "tcp_lat", "udp_lat"), QperfOutputParser.parse("tcp_bw:\ntcp_lat:\n    latency = 5 us\n"));
        assertThat(m.failures()).contains("meshperf->meshperf: tcp_bw printed no bw",
                "meshperf->meshperf: udp_lat printed no latency");
    }

    private static String line(FidelityTable.Rendered table, String label) {
        return table.text().lines().filter(l -> l.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + label + " in\n" + table.text()));
    }
}
