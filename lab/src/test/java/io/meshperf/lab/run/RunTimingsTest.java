package io.meshperf.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.coordinator.config.CoordinatorConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunTimingsTest {

    @Test
    void twoNodesOfOneSecondTestsGetTwentySecondRounds() {
        RunTimings t = RunTimings.of(2, 1);
        // 3 paths x 1 peer x 2 tests x 2 s = 12 s in 60 % of 20 s; 8 s of grace in the other 8 s.
        assertThat(t.roundIntervalMs()).isEqualTo(20_000);
        assertThat(t.jitterPercent()).isEqualTo(60);
        assertThat(t.coordinatorFlags()).containsEntry("--peers-per-round", "1")
                .containsEntry("--latency-test-duration-ms", "1000");
    }

    @ParameterizedTest
    @CsvSource({"2,1", "3,2", "5,1", "8,10"})
    void theCoordinatorAcceptsTheRound(int nodes, int duration) {
        RunTimings t = RunTimings.of(nodes, duration);
        long window = t.roundIntervalMs() * t.jitterPercent() / 100;
        assertThat(window).isGreaterThanOrEqualTo(RunTimings.sequenceMs(nodes, duration));
        assertThat(t.roundIntervalMs() - window).isGreaterThanOrEqualTo(RunTimings.DEADLINE_GRACE_MS);
        assertThat(t.patience(1)).isGreaterThan(Duration.ofMillis(2 * t.roundIntervalMs()));
        Map<String, String> flags = new LinkedHashMap<>(t.coordinatorFlags());
        flags.put("--cluster", "lab");
        flags.put("--kafka-bootstrap-servers", "127.0.0.1:9092");
        flags.put("--discovery", "registrations");
        flags.put("--aggregation-enabled", "false");
        assertThat(CoordinatorConfig.from(flags, Map.of())).as("the coordinator's own checks pass").isNotNull();
    }

    @Test
    void badSizesAreNamed() {
        assertThatThrownBy(() -> RunTimings.of(1, 2)).hasMessageContaining("--nodes");
        assertThatThrownBy(() -> RunTimings.of(3, 0)).hasMessageContaining("--duration");
    }
}
