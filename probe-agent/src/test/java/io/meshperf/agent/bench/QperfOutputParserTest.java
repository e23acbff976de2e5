package io.meshperf.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class QperfOutputParserTest {

    // Stock qperf 0.4.11, `qperf -v -t 1 127.0.0.1 tcp_bw tcp_lat udp_bw udp_lat conf`.
    private static final String STOCK = """
            tcp_bw:
                bw              =  2.36 GB/sec
                msg_rate        =    36 K/sec
                time            =     1 sec
                send_cost       =   844 ms/GB
                recv_cost       =   844 ms/GB
                send_cpus_used  =   199 % cpus
                recv_cpus_used  =   199 % cpus
            tcp_lat:
                latency        =  8.54 us
                msg_rate       =   117 K/sec
                time           =     1 sec
                loc_cpus_used  =   200 % cpus
                rem_cpus_used  =   200 % cpus
            udp_bw:
                send_bw         =  4.15 GB/sec
                recv_bw         =  2.35 GB/sec
                msg_rate        =  71.1 K/sec
                time            =     1 sec
                send_cost       =   480 ms/GB
                recv_cost       =   850 ms/GB
                send_cpus_used  =   199 % cpus
                recv_cpus_used  =   200 % cpus
            udp_lat:
                latency        =  7.96 us
                msg_rate       =   126 K/sec
                time           =     1 sec
                loc_cpus_used  =   201 % cpus
                rem_cpus_used  =   201 % cpus
            conf:
                loc_node   =  vm
                loc_cpu    =  2 Cores: AMD EPYC 2.6GHz
            """;

    @Test
    void readsEveryTestInBaseUnits() {
        List<QperfReport> reports = QperfOutputParser.parse(STOCK);
        assertThat(reports).extracting(QperfReport::test)
                .containsExactly("tcp_bw", "tcp_lat", "udp_bw", "udp_lat", "conf");
        assertThat(reports.get(0).value("bw").getAsDouble()).isCloseTo(2.36e9, within(1.0));
        assertThat(reports.get(0).value("send_cost").getAsDouble()).isCloseTo(844e6, within(1.0));
        assertThat(reports.get(0).value("recv_cpus_used").getAsDouble()).isEqualTo(199);
        assertThat(reports.get(1).value("latency").getAsDouble()).isCloseTo(8540, within(1e-6));
        assertThat(reports.get(1).value("msg_rate").getAsDouble()).isCloseTo(117_000, within(1e-6));
        assertThat(reports.get(1).value("time").getAsDouble()).isEqualTo(1e9);
        assertThat(reports.get(2).value("recv_bw").getAsDouble()).isCloseTo(2.35e9, within(1.0));
        assertThat(reports.get(3).value("rem_cpus_used").getAsDouble()).isEqualTo(201);
        assertThat(reports.get(4).values()).isEmpty();
    }

    @Test
    void readsSizesCountsAndRawUnits() {
        String output = """
                udp_bw:
                    send_bw           =      181 MB/sec
                    msg_size          =   64 KiB (65,536)
                    send_bytes        =      1.4 KB
                    send_msgs         =  129,585 
                    recv_msgs         =  1.23 million
                    latency           =  1,000 KB/sec
                tcp_bw:
                    bw    =  15499526144 bits/sec
                    time  =  1000000000 ns
                """;
        List<QperfReport> reports = QperfOutputParser.parse(output);
        QperfReport udp = reports.get(0);
        assertThat(udp.value("send_bw").getAsDouble()).isCloseTo(181e6, within(1e-3));
        assertThat(udp.value("msg_size").getAsDouble()).isEqualTo(65536);
        assertThat(udp.value("send_bytes").getAsDouble()).isCloseTo(1400, within(1e-9));
        assertThat(udp.value("send_msgs").getAsDouble()).isEqualTo(129_585);
        assertThat(udp.value("recv_msgs").getAsDouble()).isCloseTo(1.23e6, within(1e-6));
        assertThat(udp.value("latency").getAsDouble()).isCloseTo(1e6, within(1e-6));
        assertThat(reports.get(1).value("bw").getAsDouble()).isCloseTo(15499526144.0 / 8, within(1e-3));
        assertThat(reports.get(1).value("time").getAsDouble()).isEqualTo(1e9);
    }

    @Test
    void aFailedTestHasNoFigures() {
        List<QperfReport> reports = QperfOutputParser.parse("tcp_bw:\nfailed to connect\ntcp_lat:\n    latency = 9 us\n");
        assertThat(reports.get(0).values()).isEmpty();
        assertThat(reports.get(1).value("latency").getAsDouble()).isEqualTo(9000);
    }

    @Test
    void rejectsUnknownUnits() {
        assertThatThrownBy(() -> QperfOutputParser.parse("tcp_bw:\n    bw = 3 furlongs/sec\n"))
                .hasMessageContaining("unknown unit 'furlongs/sec'")
                .hasMessageContaining("bw = 3 furlongs/sec");
        assertThat(QperfOutputParser.toBase("1.35", "GB/sec")).isCloseTo(1.35e9, within(1.0));
    }
}
