package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PairWindowCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /**
     * {@link #formatOneSample()} as the version-1 encoder wrote it (before msg_rate and cpus used
     * were kept): a store or changelog written by the previous release holds values like this.
     */
    private static final String FORMAT_1_SAMPLE =
            "0103010101000000018080c0ca04013fd999999999999a014000cccccccccccd0100018080c0ca04013fd99999999999"
            + "9a014000cccccccccccd010000000203020001010102b86001c8a4050100000000000000000000000000000000000000"
            + "02b86001c8a4050100000000000000000000000000000000000000000001096e732f706f642dc3bc0103010101000001"
            + "80808214010000000000000000000000000000000000000000000000000000000000000000000000000000e807840700";

    /** Every field of format 1: three tests, a failure, a busy sample, UDP counters, a non-ASCII backend. */
    private static PairWindow formatOneSample() {
        PairWindow window = new PairWindow();
        window.add(Results.latency("prod", Path.POD_TO_SERVICE, "a", "ns/svc", T0, 12_345));
        window.add(Results.served("prod", "a", "ns/svc", T0, 99_000, "ns/pod-ü"));
        window.add(Results.failed("prod", Path.POD_TO_SERVICE, "a", "ns/svc", T0, Status.REFUSED));
        window.add(Results.bandwidth("prod", Path.POD_TO_SERVICE, "a", "ns/svc", T0, 1.23e9, 0.4, 2.1));
        window.add(Results.result("prod", Path.POD_TO_SERVICE, TestType.UDP_BW, "a", "ns/svc",
                T0, Status.OK).setRecvBwBytesPerSec(4.2e7).setUdpMessagesSent(1000L).setUdpMessagesReceived(900L)
                .setConcurrentSessions(1).build());
        return window;
    }

    /** Format 1's sample plus msg_rate and both sides' cpus used, on an idle and a busy result. */
    private static PairWindow sample() {
        PairWindow window = formatOneSample();
        window.add(Results.result("prod", Path.POD_TO_SERVICE, TestType.TCP_LAT, "a", "ns/svc", T0, Status.OK)
                .setLatencyNs(20_000.0).setMsgRatePerSec(25_000.0).setLocal(Results.side(120.5))
                .setRemote(Results.side(99.0)).build());
        window.add(Results.result("prod", Path.POD_TO_SERVICE, TestType.TCP_BW, "a", "ns/svc", T0, Status.OK)
                .setBwBytesPerSec(9.0e8).setMsgRatePerSec(13_733.0).setLocal(Results.side(180.0))
                .setConcurrentSessions(2).build());
        return window;
    }

    @Test
    void roundTripsEveryField() {
        PairWindow window = sample();
        PairWindow back = PairWindowCodec.decode(PairWindowCodec.encode(window));
        assertThat(back).isEqualTo(window);
        assertThat(WindowFigures.of(back.test(TestType.UDP_BW), false).udpLossRatio())
                .isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        WindowFigures latency = WindowFigures.of(back.test(TestType.TCP_LAT), false);
        assertThat(latency.msgRatePerSec()).isEqualTo(25_000.0);
        assertThat(latency.localCpusUsedPercent()).isEqualTo(120.5);
        assertThat(latency.remoteCpusUsedPercent()).isEqualTo(99.0);
        WindowFigures bandwidth = WindowFigures.of(back.test(TestType.TCP_BW), false);
        assertThat(bandwidth.msgRatePerSec()).isEqualTo(13_733.0);
        assertThat(bandwidth.remoteCpusUsedPercent()).isNull();
        assertThat(WindowFigures.of(back.test(TestType.TCP_BW), true).msgRatePerSec())
                .as("the busy sample is left out of the idle figures").isNull();
    }

    @Test
    void writesTheCurrentFormatVersion() {
        assertThat(PairWindowCodec.encode(sample())[0]).isEqualTo(PairWindowCodec.VERSION).isEqualTo((byte) 2);
    }

    @Test
    void aValueWrittenInFormat1DecodesWithNoMsgRateOrCpusUsed() {
        byte[] stored = HexFormat.of().parseHex(FORMAT_1_SAMPLE);
        assertThat(stored[0]).isEqualTo(PairWindowCodec.VERSION_1);

        PairWindow window = PairWindowCodec.decode(stored);

        assertThat(window).isEqualTo(formatOneSample());
        WindowFigures bandwidth = WindowFigures.of(window.test(TestType.TCP_BW), false);
        assertThat(bandwidth.sendCostNsPerByte()).isEqualTo(0.4);
        assertThat(bandwidth.bandwidthBytesPerSec().p50()).isCloseTo(1.23e9, within(1.23e6));
        assertThat(bandwidth.msgRatePerSec()).isNull();
        assertThat(bandwidth.localCpusUsedPercent()).isNull();
        assertThat(window.test(TestType.TCP_LAT).servedBy()).containsEntry("ns/pod-ü", 1L);
        // Updated and written back, the window moves to the current format and keeps its counts.
        window.add(Results.result("prod", Path.POD_TO_SERVICE, TestType.TCP_BW, "a", "ns/svc", T0, Status.OK)
                .setBwBytesPerSec(1.0e9).setMsgRatePerSec(15_000.0).build());
        PairWindow rewritten = PairWindowCodec.decode(PairWindowCodec.encode(window));
        assertThat(rewritten.test(TestType.TCP_BW).okCount()).isEqualTo(2);
        assertThat(WindowFigures.of(rewritten.test(TestType.TCP_BW), false).msgRatePerSec()).isEqualTo(15_000.0);
    }

    @Test
    void truncatedOrForeignBytesAreRefusedWithAReason() {
        for (byte[] bytes : new byte[][] {PairWindowCodec.encode(sample()), HexFormat.of().parseHex(FORMAT_1_SAMPLE)}) {
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> PairWindowCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
            }
        }
        byte[] other = PairWindowCodec.encode(sample());
        other[0] = 9;
        assertThatThrownBy(() -> PairWindowCodec.decode(other)).hasMessageContaining("version 9");
    }
}
