package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.Traffic;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.TestKind;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

class WireCodecTest {

    static Stream<Arguments> requestVectors() {
        return Stream.of(
                Arguments.of("A tcp_lat defaults", TestKind.TCP_LAT, 2, -1,
                        "27272cd1f3ed44391d5452a44247f48a75b90049b85383a094561fe0da6ba9ef"),
                Arguments.of("B udp_bw -t 1 -m 1400", TestKind.UDP_BW, 1, 1400,
                        "dfec37549885219cb906a248d15cab59f7efa0aa38ff6073e5cb73ae8ba63964"),
                Arguments.of("C tcp_bw defaults", TestKind.TCP_BW, 2, -1,
                        "37f472cb0e928f1ca8ca5bec59cff3e627ebb74865270e9ad204aea401c9984b"),
                Arguments.of("D conf first", TestKind.CONF, 2, -1,
                        "668addde1f3485f98fe85096b82846dfa52b7626b340c27a8229e0034f5ed2de"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestVectors")
    void requestMatchesCapturedVector(String name, TestKind kind, int time, int msgSize, String sha256)
            throws Exception {
        TestSpec.Builder b = TestSpec.builder(kind, "h").timeSec(time).askIdentity(false);
        if (msgSize >= 0) {
            b.msgSize(msgSize);
        }
        byte[] req = b.build().request().encode();

        assertThat(req).hasSize(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(req))).isEqualTo(sha256);
        assertThat(Request.decode(req)).isEqualTo(b.build().request());
    }

    static Stream<Arguments> optionEffects() {
        return Stream.of(
                Arguments.of("-f 1", (UnaryOperator<TestSpec.Builder>) b -> b.flip(1), 20, "01000000"),
                Arguments.of("-n 100", (UnaryOperator<TestSpec.Builder>) b -> b.noMsgs(100), 32, "64000000"),
                Arguments.of("-sb 100000", (UnaryOperator<TestSpec.Builder>) b -> b.remoteSockBuf(100000), 52,
                        "a0860100"),
                Arguments.of("-ar1", (UnaryOperator<TestSpec.Builder>) b -> b.accessRecv(1), 8, "01000000"),
                Arguments.of("-ca 1", (UnaryOperator<TestSpec.Builder>) b -> b.remoteAffinity(1), 12, "01000000"),
                Arguments.of("-ip 5555", (UnaryOperator<TestSpec.Builder>) b -> b.dataPort(5555), 40, "b3150000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionEffects")
    void optionChangesOnlyItsField(String name, UnaryOperator<TestSpec.Builder> option, int offset, String hex) {
        byte[] plain = TestSpec.builder(TestKind.TCP_BW, "h").askIdentity(false).build().request().encode();
        byte[] changed = option.apply(TestSpec.builder(TestKind.TCP_BW, "h").askIdentity(false)).build().request()
                .encode();

        byte[] expected = plain.clone();
        System.arraycopy(HexFormat.of().parseHex(hex), 0, expected, offset, 4);
        assertThat(changed).isEqualTo(expected);
    }

    @Test
    void markerGoesIntoTheIdStringOnly() {
        byte[] marked = TestSpec.builder(TestKind.TCP_LAT, "h").build().request().encode();
        byte[] plain = TestSpec.builder(TestKind.TCP_LAT, "h").askIdentity(false).build().request().encode();

        assertThat(java.util.Arrays.copyOfRange(marked, 0, 72)).isEqualTo(java.util.Arrays.copyOfRange(plain, 0, 72));
        assertThat(Request.decode(marked).id()).isEqualTo(Request.Marker.IDENT);
        assertThat(marked[72 + Request.Marker.IDENT.length()]).isZero();
    }

    @Test
    void versionMismatchTextsAreTheStockOnes() {
        assertThat(Request.versionMismatch(0, 3, 0)).isEqualTo("upgrade qperf on client from 0.3.0 to 0.4.11");
        assertThat(Request.versionMismatch(1, 0, 0)).isEqualTo("upgrade qperf on server from 0.4.11 to 1.0.0");
        assertThat(Request.versionMismatch(0, 4, 99)).isNull();
    }

    @Test
    void statDecodesTheCapturedUdpBwRecord() {
        NodeRecord r = Stat.decode(StatVectors.bytes(StatVectors.UDP_BW_14_2));

        assertThat(r.noCpus()).isEqualTo(2);
        assertThat(r.noTicks()).isEqualTo(100);
        assertThat(r.start()).isEqualTo(new CpuSnapshot(1718009307L, 11757, 0, 6338, 81281, 2199, 0, 1540, 277));
        assertThat(r.end()).isEqualTo(new CpuSnapshot(1718009407L, 11765, 0, 6473, 81292, 2199, 0, 1578, 278));
        assertThat(r.sent()).isEqualTo(Traffic.ZERO);
        assertThat(r.received()).isEqualTo(new Traffic(172488400L, 123206L, 0));
    }

    @Test
    void statEncodesBackToTheCapturedBytes() {
        byte[] captured = StatVectors.bytes(StatVectors.TCP_LAT_14_1);

        assertThat(Stat.encode(Stat.decode(captured), false)).isEqualTo(captured);
        assertThat(Stat.identFollows(captured)).isFalse();
        assertThat(Stat.identFollows(Stat.encode(Stat.decode(captured), true))).isTrue();
    }

    @Test
    void confRoundTripsAndStopsAtTheFirstNul() {
        byte[] b = new Conf("vm", "2 Cores: AMD EPYC 2.6GHz", "Linux 6.1", "0.4.11").encode();
        b[64 + 30] = 'x';

        assertThat(b).hasSize(256);
        assertThat(b[0]).isEqualTo((byte) 'v');
        assertThat(Conf.decode(b)).isEqualTo(new Conf("vm", "2 Cores: AMD EPYC 2.6GHz", "Linux 6.1", "0.4.11"));
    }

    @Test
    void keyValueBlockRoundTripsAndRejectsOversizedLengths() throws Exception {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("node", "n1");
        kv.put("address", "10.0.0.1");
        byte[] b = KeyValueBlock.encode(kv);

        assertThat(KeyValueBlock.read(new ByteArrayInputStream(b))).isEqualTo(kv);
        assertThatThrownBy(() -> KeyValueBlock.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xff})))
                .hasMessageContaining("65535");
    }
}
