package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnderlayChoiceTest {

    @Test
    void anAddressOrRouteInsideAnUnderlayMakesItTaken() {
        List<long[]> used = new ArrayList<>();
        UnderlayChoice.collect("""
                2: eth0    inet 10.99.0.5/16 brd 10.99.255.255 scope global eth0
                9: mplabcdhost    inet 10.99.3.1/24 scope global mplabcdhost
                """, true, used);
        UnderlayChoice.collect("""
                default via 10.0.0.1 dev eth0
                10.99.3.0/24 dev mplabcdhost proto kernel scope link src 10.99.3.1
                local 10.99.4.7 dev lo table local proto kernel scope host src 10.99.4.7
                blackhole 10.99.5.0/25
                """, false, used);
        // 10.99.0.5/16 covers every 10.99.X.0/24.
        assertThat(UnderlayChoice.isFree(0, used)).isFalse();
        assertThat(UnderlayChoice.isFree(200, used)).isFalse();
        used.remove(0);
        assertThat(UnderlayChoice.isFree(0, used)).isTrue();
        assertThat(UnderlayChoice.isFree(3, used)).isFalse();
        assertThat(UnderlayChoice.isFree(4, used)).isFalse();
        assertThat(UnderlayChoice.isFree(5, used)).isFalse();
        assertThat(UnderlayChoice.isFree(6, used)).isTrue();
    }

    @Test
    void theDefaultRouteDoesNotTakeEverything() {
        List<long[]> used = new ArrayList<>();
        UnderlayChoice.collect("default via 10.0.0.1 dev eth0\n", false, used);
        assertThat(used).isEmpty();
    }
}
