package io.meshperf.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QperfArgsTest {

    private static QperfArgs parse(String line) {
        return QperfArgs.parse(line.isEmpty() ? List.of() : List.of(line.split(" ")));
    }

    @Test
    void optionsAndTestsMixFirstBareWordIsTheHost() {
        QperfArgs a = parse("-t 1 10.0.0.1 -vv tcp_bw -m 64k udp_lat -lp 4000 -ip 4001");

        assertThat(a.host).isEqualTo("10.0.0.1");
        assertThat(a.tests).containsExactly("tcp_bw", "udp_lat");
        assertThat(a.timeSec).isEqualTo(1);
        assertThat(a.msgSize).isEqualTo(64_000);
        assertThat(a.listenPort).isEqualTo(4000);
        assertThat(a.dataPort).isEqualTo(4001);
        assertThat(a.stat).isEqualTo(2);
        assertThat(a.used).isEqualTo(2);
        assertThat(a.serverMode()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"'', true", "-lp 4000, true", "-lp 4000 -lto 3 -D, true", "-t 1, false", "-v, false",
        "host, false"})
    void serverModeOnlyWithServerOptions(String line, boolean server) {
        assertThat(parse(line).serverMode()).isEqualTo(server);
    }

    @ParameterizedTest
    @CsvSource({"100, 100", "1k, 1000", "1kb, 1000", "1K, 1024", "1kib, 1024", "2m, 2000000", "2M, 2097152",
        "1g, 1000000000", "1G, 1073741824", "1.5k, 1500"})
    void sizeSuffixes(String text, long bytes) {
        assertThat(QperfArgs.size("-m", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "2s, 2", "1.9, 1", "2m, 120", "1h, 3600", "1d, 86400"})
    void timeSuffixesTruncate(String text, int seconds) {
        assertThat(QperfArgs.seconds("-t", text)).isEqualTo(seconds);
    }

    @Test
    void verbosityClassesSeparately() {
        QperfArgs a = parse("-vvu -vs -uu -ub -un -e 5 h tcp_bw");

        assertThat(a.used).isEqualTo(2);
        assertThat(a.stat).isEqualTo(1);
        assertThat(a.time).isZero();
        assertThat(a.unify).isTrue();
        assertThat(a.bits).isTrue();
        assertThat(a.forceLocRem).isTrue();
        assertThat(a.precision).isEqualTo(5);
    }

    @Test
    void noMsgsWithoutTimeGivesTimeZeroLikeQperf() {
        assertThat(parse("-n 100 h udp_lat").timeSec).isZero();
        assertThat(parse("-n 100 -t 1 h udp_lat").timeSec).isEqualTo(1);
        assertThat(parse("-n 100 h udp_lat").unusedOptions).containsExactly("-n");
    }

    @Test
    void localAndRemoteValues() {
        QperfArgs a = parse("-lsb 1000 -rsb 2000 -rca 2 -rto 9 h tcp_bw");

        assertThat(a.locSockBuf).isEqualTo(1000);
        assertThat(a.remSockBuf).isEqualTo(2000);
        assertThat(a.remAffinity).isEqualTo(2);
        assertThat(a.locAffinity).isZero();
        assertThat(a.remTimeout).isEqualTo(9);
        assertThat(a.userSet).contains("sock_buf_size", "affinity", "timeout");
    }

    @Test
    void badInputNamesTheOption() {
        assertThatThrownBy(() -> parse("-t abc h tcp_bw")).hasMessage("bad value for -t: abc");
        assertThatThrownBy(() -> parse("-lp 70000")).hasMessageContaining("-lp");
        assertThatThrownBy(() -> parse("-zz 1 h tcp_bw")).hasMessageContaining("-zz");
        assertThatThrownBy(() -> parse("h tcp_bw -m")).hasMessage("option -m needs a value");
    }
}
