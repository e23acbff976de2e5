package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.Figures;
import io.meshperf.agent.engine.stats.NodeFigures;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.Traffic;
import io.meshperf.agent.engine.wire.Stat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FiguresTest {

    /** The client record of section 11: same CPU deltas as the server, 129,585 datagrams of 1400 sent. */
    static NodeRecord udpBwClient() {
        NodeRecord server = Stat.decode(StatVectors.bytes(StatVectors.UDP_BW_14_2));
        return new NodeRecord(2, 100, server.start(), server.end(), new Traffic(181_419_000L, 129_585L, 0),
                Traffic.ZERO);
    }

    @Test
    void workedExampleOfSection11() {
        NodeRecord server = Stat.decode(StatVectors.bytes(StatVectors.UDP_BW_14_2));
        Figures f = Figures.compute(udpBwClient(), server);

        assertThat(f.recvBw()).isEqualTo(172_488_400.0);
        assertThat(f.sendBw()).isEqualTo(181_419_000.0);
        assertThat(f.msgRate()).isEqualTo(123_206.0);
        assertThat(f.remote().timeCpu()).isEqualTo((double) 1.82f);
        assertThat(f.recvCost()).isEqualTo((double) 1.82f * 1e9 / 172_488_400L);
        assertThat(f.recvCost()).isCloseTo(10.55, within(0.01));
        assertThat(f.sendCost()).isCloseTo(10.03, within(0.01));
        assertThat(f.remote().cpuTotal()).isCloseTo(1.82, within(1e-12));
        assertThat(f.remote().cpuKernel()).isCloseTo(1.36, within(1e-12));
        assertThat(f.remote().cpuIntr()).isCloseTo(0.38, within(1e-12));
        assertThat(f.sendRecvBlock()).isTrue();
        assertThat(f.localIsSender()).isTrue();
    }

    @Test
    void tcpLatencyCaptureOfSection14() {
        NodeRecord server = Stat.decode(StatVectors.bytes(StatVectors.TCP_LAT_14_1));
        NodeRecord client = new NodeRecord(2, 100, server.start(), server.end(), new Traffic(34_101, 34_101, 0),
                new Traffic(34_101, 34_101, 0));
        Figures f = Figures.compute(client, server);

        assertThat(f.latency()).isEqualTo(1.0 / (34_101 + 34_102));
        assertThat(f.msgRate()).isEqualTo(68_203.0);
        assertThat(f.local().timeCpu()).isEqualTo((double) 1.99f);
        assertThat(f.sendRecvBlock()).isFalse();
        assertThat(f.sendCost()).isZero();
        assertThat(f.recvCost()).isZero();
    }

    static NodeRecord rec(long ticks, long cpuTicks, Traffic sent, Traffic recv) {
        return new NodeRecord(2, 100, new CpuSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0),
                new CpuSnapshot(ticks, cpuTicks, 0, 0, 0, 0, 0, 0, 0), sent, recv);
    }

    static Stream<Arguments> rules() {
        Traffic none = Traffic.ZERO;
        Traffic thousand = new Traffic(1000, 10, 0);
        return Stream.of(
                // name, local, remote, msgRate, sendBw, recvBw, latency
                Arguments.of("local time 0 zeroes every rate", rec(0, 0, thousand, none), rec(100, 0, none, thousand),
                        0.0, 0.0, 0.0, 0.0),
                Arguments.of("remote time 0 zeroes every rate, latency stays", rec(100, 0, thousand, thousand),
                        rec(0, 0, none, thousand), 0.0, 0.0, 0.0, 1.0 / 20),
                Arguments.of("remote count over local time", rec(200, 0, thousand, none), rec(100, 0, none, thousand),
                        5.0, 500.0, 1000.0, 0.2),
                Arguments.of("local count over remote time", rec(200, 0, none, thousand), rec(100, 0, thousand, none),
                        10.0, 1000.0, 500.0, 0.2),
                Arguments.of("both counts over mean time", rec(200, 0, thousand, thousand),
                        rec(100, 0, thousand, thousand), 20 / 1.5, 2000 / 1.5, 2000 / 1.5, 0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void combinationRulesOfSection8(String name, NodeRecord l, NodeRecord r, double msgRate, double sendBw,
                                    double recvBw, double latency) {
        Figures f = Figures.compute(l, r);

        assertThat(f.msgRate()).isCloseTo(msgRate, within(1e-9));
        assertThat(f.sendBw()).isCloseTo(sendBw, within(1e-9));
        assertThat(f.recvBw()).isCloseTo(recvBw, within(1e-9));
        assertThat(f.latency()).isCloseTo(latency, within(1e-12));
    }

    @Test
    void noTicksOrNoElapsedGivesZeroNodeFigures() {
        NodeRecord noTicks = new NodeRecord(2, 0, new CpuSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0),
                new CpuSnapshot(100, 50, 0, 0, 0, 0, 0, 0, 0), Traffic.ZERO, Traffic.ZERO);

        assertThat(NodeFigures.of(noTicks)).isEqualTo(NodeFigures.ZERO);
        assertThat(NodeFigures.of(rec(0, 5, Traffic.ZERO, Traffic.ZERO))).isEqualTo(NodeFigures.ZERO);
    }
}
