package io.meshperf.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TcRateTest {

    @Test
    void parsesTcUnits() {
        assertThat(TcRate.parse("200mbit").bitsPerSecond()).isEqualTo(200e6);
        assertThat(TcRate.parse("1gbit").bytesPerSecond()).isEqualTo(125e6);
        assertThat(TcRate.parse("10mbps").bitsPerSecond()).isEqualTo(80e6);
        assertThat(TcRate.parse("137MBIT").text()).isEqualTo("137mbit");
        assertThat(TcRate.parse("1.5kbps").bitsPerSecond()).isEqualTo(12_000);
    }

    @Test
    void derivesBurstAndPayloadRate() {
        // The namespace lab's 137mbit: 17.1 MB/s of frames, 16.4 MB/s of TCP payload measured.
        TcRate rate = TcRate.parse("137mbit");
        assertThat(rate.tcpPayloadBytesPerSecond()).isCloseTo(16.38e6, within(0.01e6));
        assertThat(rate.burstBytes()).isEqualTo(85_625);
        assertThat(TcRate.parse("1mbit").burstBytes()).isEqualTo(32 * 1024);
    }

    @Test
    void rejectsBadRates() {
        assertThatThrownBy(() -> TcRate.parse("200")).hasMessageContaining("invalid rate '200'");
        assertThatThrownBy(() -> TcRate.parse("fast")).hasMessageContaining("invalid rate 'fast'");
        assertThatThrownBy(() -> TcRate.parse("100bit")).hasMessageContaining("too slow");
    }
}
