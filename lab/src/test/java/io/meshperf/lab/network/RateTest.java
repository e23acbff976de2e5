package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void parsesTcsUnitsInPowersOfThousand() {
        assertThat(Rate.bitsPerSecond("137mbit")).isEqualTo(137_000_000L);
        assertThat(Rate.bitsPerSecond("1.5gbit")).isEqualTo(1_500_000_000L);
        assertThat(Rate.bitsPerSecond("800kbit")).isEqualTo(800_000L);
        assertThat(Rate.bitsPerSecond(" 64000bit ")).isEqualTo(64_000L);
    }

    @Test
    void rejectsOtherTextByName() {
        assertThatThrownBy(() -> Rate.bitsPerSecond("100MB")).hasMessageContaining("invalid rate '100MB'");
        assertThatThrownBy(() -> Rate.bitsPerSecond("1kbit")).hasMessageContaining("outside");
        assertThatThrownBy(() -> Rate.bitsPerSecond(null)).hasMessageContaining("invalid rate");
    }

    @Test
    void tbfLetsThroughTheTcpPayloadShareOfEachFrame() {
        // 137 Mbit/s of 1514-byte frames carrying 1448 bytes of payload: 16.38 MB/s, as measured by hand.
        assertThat(ShapingCheck.expectedPayload(137_000_000L, 1500)).isCloseTo(137e6 / 8 * 1448 / 1514,
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(ShapingCheck.expectedPayload(137_000_000L, 1500) / 1e6).isBetween(16.37, 16.39);
    }
}
