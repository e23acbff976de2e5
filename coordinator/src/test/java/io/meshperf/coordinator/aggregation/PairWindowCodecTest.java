package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PairWindowCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static PairWindow sample() {
        PairWindow window = new PairWindow();
        window.add(Results.latency("prod", Path.POD_TO_SERVICE, "a", "ns/svc", T0, 12_345));
        window.add(Results.served("prod", "a", "ns/svc", T0, 99_000, "ns/pod-ü"));
        window.add(Results.failed("prod", Path.POD_TO_SERVICE, "a", "ns/svc", T0, Status.REFUSED));
        window.add(Results.bandwidth("prod", Path.POD_TO_SERVICE, "a", "ns/svc", T0, 1.23e9, 0.4, 2.1));
        window.add(Results.result("prod", Path.POD_TO_SERVICE, io.meshperf.schemas.TestType.UDP_BW, "a", "ns/svc",
                T0, Status.OK).setRecvBwBytesPerSec(4.2e7).setUdpMessagesSent(1000L).setUdpMessagesReceived(900L)
                .setConcurrentSessions(1).build());
        return window;
    }

    @Test
    void roundTripsEveryField() {
        PairWindow window = sample();
        PairWindow back = PairWindowCodec.decode(PairWindowCodec.encode(window));
        assertThat(back).isEqualTo(window);
        assertThat(WindowFigures.of(back.test(io.meshperf.schemas.TestType.UDP_BW), false).udpLossRatio())
                .isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void truncatedOrForeignBytesAreRefusedWithAReason() {
        byte[] bytes = PairWindowCodec.encode(sample());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> PairWindowCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] other = bytes.clone();
        other[0] = 9;
        assertThatThrownBy(() -> PairWindowCodec.decode(other)).hasMessageContaining("version 9");
    }
}
