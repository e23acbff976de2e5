package io.meshperf.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.engine.StatVectors;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.Figures;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.Traffic;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.TestKind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QperfTableTest {

    private static List<String> table(String args, TestKind kind, NodeRecord local, NodeRecord remote, int msgSize) {
        QperfArgs a = QperfArgs.parse(List.of(args.split(" ")));
        return new QperfTable(a).socketTest(kind, local, remote, Figures.compute(local, remote), msgSize);
    }

    @Test
    void udpBwVerboseTwoMatchesTheVerifiedSampleByteForByte() {
        NodeRecord server = Stat.decode(StatVectors.bytes(StatVectors.UDP_BW_14_2));
        NodeRecord client = new NodeRecord(2, 100, server.start(), server.end(),
                new Traffic(181_419_000L, 129_585L, 0), Traffic.ZERO);

        assertThat(table("-vv -t 1 -m 1400 127.0.0.1 udp_bw", TestKind.UDP_BW, client, server, 1400)).containsExactly(
                "    send_bw           =      181 MB/sec",
                "    recv_bw           =      172 MB/sec",
                "    msg_rate          =      123 K/sec",
                "    msg_size          =      1.4 KB",
                "    time              =        1 sec",
                "    timeout           =        5 sec",
                "    send_cost         =       10 sec/GB",
                "    recv_cost         =     10.6 sec/GB",
                "    send_cpus_used    =      182 % cpus",
                "    send_cpus_user    =        8 % cpus",
                "    send_cpus_intr    =       38 % cpus",
                "    send_cpus_kernel  =      136 % cpus",
                "    send_real_time    =        1 sec",
                "    send_cpu_time     =     1.82 sec",
                "    send_bytes        =      181 MB",
                "    send_msgs         =  129,585 ",
                "    recv_cpus_used    =      182 % cpus",
                "    recv_cpus_user    =        8 % cpus",
                "    recv_cpus_intr    =       38 % cpus",
                "    recv_cpus_kernel  =      136 % cpus",
                "    recv_real_time    =        1 sec",
                "    recv_cpu_time     =     1.82 sec",
                "    recv_bytes        =      172 MB",
                "    recv_msgs         =  123,206 ");
    }

    @Test
    void tcpLatVerboseTwoMatchesTheVerifiedSampleByteForByte() {
        NodeRecord server = Stat.decode(StatVectors.bytes(StatVectors.TCP_LAT_14_1));
        NodeRecord client = new NodeRecord(2, 100, server.start(), server.end(), new Traffic(34_101, 34_101, 0),
                new Traffic(34_101, 34_101, 0));

        assertThat(table("-vv -t 1 127.0.0.1 tcp_lat", TestKind.TCP_LAT, client, server, 1)).containsExactly(
                "    latency          =    14.7 us",
                "    msg_rate         =    68.2 K/sec",
                "    msg_size         =       1 bytes",
                "    time             =       1 sec",
                "    timeout          =       5 sec",
                "    loc_cpus_used    =     199 % cpus",
                "    loc_cpus_user    =      92 % cpus",
                "    loc_cpus_intr    =      28 % cpus",
                "    loc_cpus_kernel  =      79 % cpus",
                "    loc_real_time    =       1 sec",
                "    loc_cpu_time     =    1.99 sec",
                "    loc_send_bytes   =    34.1 KB",
                "    loc_recv_bytes   =    34.1 KB",
                "    loc_send_msgs    =  34,101 ",
                "    loc_recv_msgs    =  34,101 ",
                "    rem_cpus_used    =     199 % cpus",
                "    rem_cpus_user    =      92 % cpus",
                "    rem_cpus_intr    =      28 % cpus",
                "    rem_cpus_kernel  =      79 % cpus",
                "    rem_real_time    =       1 sec",
                "    rem_cpu_time     =    1.99 sec",
                "    rem_send_bytes   =    34.1 KB",
                "    rem_recv_bytes   =    34.1 KB",
                "    rem_send_msgs    =  34,102 ",
                "    rem_recv_msgs    =  34,102 ");
    }

    /** Forged STAT records fed to the stock client (end of section 10.7): server bytes over 1 s. */
    static Stream<Arguments> forgedBandwidths() {
        return Stream.of(
                Arguments.of(0L, 100L, "", "0 bytes/sec"),
                Arguments.of(999L, 100L, "", "999 bytes/sec"),
                Arguments.of(1000L, 100L, "", "1 KB/sec"),
                Arguments.of(1125L, 100L, "", "1.12 KB/sec"),
                Arguments.of(1125L, 100L, "-ub ", "9 Kb/sec"),
                Arguments.of(9995L, 100L, "", "10 KB/sec"),
                Arguments.of(999_499L, 100L, "", "999 KB/sec"),
                Arguments.of(999_500L, 100L, "", "1,000 KB/sec"),
                Arguments.of(123_456_789L, 100L, "", "123 MB/sec"),
                Arguments.of(1_500_000_000_000L, 100L, "", "1.5 TB/sec"),
                Arguments.of(2_000_000_000_000_000L, 100L, "", "2,000 TB/sec"),
                Arguments.of(5L, 1000L, "", "0.5 bytes/sec"));
    }

    @ParameterizedTest(name = "{0} bytes in {1} ticks {2}-> {3}")
    @MethodSource("forgedBandwidths")
    void bandwidthFormatting(long bytes, long ticks, String opt, String printed) {
        CpuSnapshot zero = new CpuSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);
        CpuSnapshot end = new CpuSnapshot(ticks, 0, 0, 0, 0, 0, 0, 0, 0);
        NodeRecord server = new NodeRecord(2, 100, zero, end, Traffic.ZERO, new Traffic(bytes, 1, 0));
        NodeRecord client = new NodeRecord(2, 100, zero, new CpuSnapshot(100, 0, 0, 0, 0, 0, 0, 0, 0),
                new Traffic(bytes, 1, 0), Traffic.ZERO);

        assertThat(table(opt + "h tcp_bw", TestKind.TCP_BW, client, server, 65536))
                .containsExactly("    bw  =  " + printed);
    }

    @Test
    void oneTickAndOneByteGiveTheStockCostAndTime() {
        CpuSnapshot zero = new CpuSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);
        NodeRecord server = new NodeRecord(2, 100, zero, new CpuSnapshot(100, 1, 0, 0, 0, 0, 0, 0, 0), Traffic.ZERO,
                new Traffic(1, 1, 0));
        NodeRecord client = new NodeRecord(2, 100, zero, new CpuSnapshot(100, 0, 0, 0, 0, 0, 0, 0, 0),
                new Traffic(1, 1, 0), Traffic.ZERO);

        assertThat(table("-vv h tcp_bw", TestKind.TCP_BW, client, server, 65536))
                .contains("    recv_cost       =  10,000,000 sec/GB", "    recv_cpu_time   =          10 ms")
                .contains("    msg_size        =          64 KiB (65,536)");
    }

    static Stream<Arguments> units() {
        return Stream.of(
                Arguments.of(3, false, false, Units.Kind.TIME, 1.99f, "1.99", "sec"),
                Arguments.of(3, true, false, Units.Kind.TIME, (double) (199f / 100f), "1990000010", "ns"),
                Arguments.of(3, true, true, Units.Kind.BANDWIDTH, 1_937_440_768.0, "15499526144", "bits/sec"),
                Arguments.of(3, true, false, Units.Kind.SIZE, 65536.0, "65536", "bytes"),
                Arguments.of(5, false, false, Units.Kind.BANDWIDTH, 2.1001e9, "2.1001", "GB/sec"),
                Arguments.of(5, false, false, Units.Kind.CPUS, 1.98, "198", "% cpus"),
                Arguments.of(3, false, false, Units.Kind.COUNT, 28_490.0, "28,490", ""),
                Arguments.of(3, false, false, Units.Kind.COUNT, 1_234_000.0, "1.23", "million"),
                Arguments.of(3, false, false, Units.Kind.SIZE, 1.0, "1", "bytes"),
                Arguments.of(3, false, false, Units.Kind.SIZE, 3L * 1024 * 1024, "3", "MiB"),
                Arguments.of(3, false, false, Units.Kind.RATE, 0.0123, "0.01", "/sec"));
    }

    @ParameterizedTest(name = "{3} {4} -> {5} {6}")
    @MethodSource("units")
    void unitsAndPrecision(int precision, boolean unify, boolean bits, Units.Kind kind, double v, String value,
                           String unit) {
        Units.Formatted f = new Units(precision, unify, bits).format(v, kind);

        assertThat(f.value()).isEqualTo(value);
        assertThat(f.unit()).isEqualTo(unit);
    }

    @Test
    void confLinesHaveNoUnitsAndNoValuePadding() {
        Conf c = new Conf("vm", "2 Cores: AMD EPYC 2.6GHz", "Linux 6.18.44-fc-v595", "0.4.11");

        assertThat(new QperfTable(QperfArgs.parse(List.of("h", "conf"))).conf(c, c)).containsExactly(
                "    loc_node   =  vm",
                "    loc_cpu    =  2 Cores: AMD EPYC 2.6GHz",
                "    loc_os     =  Linux 6.18.44-fc-v595",
                "    loc_qperf  =  0.4.11",
                "    rem_node   =  vm",
                "    rem_cpu    =  2 Cores: AMD EPYC 2.6GHz",
                "    rem_os     =  Linux 6.18.44-fc-v595",
                "    rem_qperf  =  0.4.11");
    }
}
