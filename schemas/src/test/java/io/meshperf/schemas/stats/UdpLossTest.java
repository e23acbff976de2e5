package io.meshperf.schemas.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UdpLossTest {

    @ParameterizedTest(name = "sent {0}, received {1}: {2}")
    @CsvSource({
        "56320, 55542, 0.013813920454545454",
        "1000, 1000, 0.0",
        "1000, 0, 1.0",
        "1000, 1003, 0.0",
        "4, 3, 0.25",
    })
    void lossIsTheShareNotReceived(long sent, long received, double ratio) {
        assertThat(UdpLoss.ratio(sent, received)).isEqualTo(ratio);
    }

    @Test
    void nothingSentIsNoFigure() {
        assertThatThrownBy(() -> UdpLoss.ratio(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no UDP datagram was sent");
        assertThatThrownBy(() -> UdpLoss.ratio(-1, 0)).hasMessageContaining("must not be negative, got sent=-1");
        assertThatThrownBy(() -> UdpLoss.ratio(5, -2)).hasMessageContaining("received=-2");
    }
}
