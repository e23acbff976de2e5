package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanConfigTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("roundInterval", b -> b.roundInterval(Duration.ZERO), "roundInterval must be positive"),
                bad("peersPerRound", b -> b.peersPerRound(0), "peersPerRound must be at least 1"),
                bad("latencyTestDuration", b -> b.latencyTestDuration(Duration.ofSeconds(-1)),
                        "latencyTestDuration must be positive"),
                bad("bandwidthTestDuration", b -> b.bandwidthTestDuration(Duration.ofDays(30)),
                        "bandwidthTestDuration must be at most"),
                bad("testOverhead", b -> b.testOverhead(Duration.ofMillis(-1)), "testOverhead must not be negative"),
                bad("duty zero", b -> b.bandwidthDutyCycle(0), "bandwidthDutyCycle must be in (0, 1]"),
                bad("duty above one", b -> b.bandwidthDutyCycle(1.5), "bandwidthDutyCycle must be in (0, 1]"),
                bad("duty NaN", b -> b.bandwidthDutyCycle(Double.NaN), "bandwidthDutyCycle must be in (0, 1]"),
                bad("jitter", b -> b.jitterFraction(0), "jitterFraction must be in (0, 1]"),
                bad("zone share too big", b -> b.zoneAware(true).zonePeersPerRound(3),
                        "zonePeersPerRound must be in 1..peersPerRound-1"),
                bad("zone share zero", b -> b.zoneAware(true).zonePeersPerRound(0),
                        "zonePeersPerRound must be in 1..peersPerRound-1"),
                bad("too many peers for the round", b -> b.peersPerRound(20),
                        "peersPerRound=20 needs 240000 ms per node per round"),
                bad("grace past the round", b -> b.deadlineGrace(Duration.ofSeconds(20)),
                        "deadlineGrace=20000 ms must fit in the round's slack"),
                bad("controlTimeout", b -> b.controlTimeout(Duration.ZERO), "controlTimeout must be positive"));
    }

    private static Arguments bad(String name, UnaryOperator<PlanConfig.Builder> change, String message) {
        return Arguments.of(name, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsBadSettingsNamingThem(String name, UnaryOperator<PlanConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(PlanConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void defaultsAreValidAndDocumented() {
        PlanConfig config = PlanConfig.defaults();
        assertThat(config.roundInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.peersPerRound()).isEqualTo(3);
        assertThat(config.bandwidthDutyCycle()).isEqualTo(0.05);
        assertThat(config.latencyJobMillis()).isEqualTo(4_000);
        assertThat(config.bandwidthJobMillis()).isEqualTo(12_000);
        assertThat(config.latencyWindowMillis()).isEqualTo(45_000);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void pauseKeepsTheDutyCycle() {
        PlanConfig config = PlanConfig.builder().bandwidthDutyCycle(0.05).build();
        assertThat(config.bandwidthPauseAfter(Duration.ofSeconds(36))).isEqualTo(Duration.ofSeconds(684));
        assertThat(PlanConfig.builder().bandwidthDutyCycle(1.0).build().bandwidthPauseAfter(Duration.ofSeconds(9)))
                .isZero();
        assertThatThrownBy(() -> config.bandwidthPauseAfter(Duration.ofSeconds(-1)))
                .hasMessageContaining("busy must not be negative");
    }
}
