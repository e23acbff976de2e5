package io.meshperf.coordinator.publishing;

import static io.meshperf.coordinator.publishing.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.coordinator.planning.SlotId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    @Test
    void roundTripsThroughJson() {
        Checkpoint full = new Checkpoint("c1", 41, T0, new SlotId(3, 2), 5, T0.plusSeconds(30), Duration.ofSeconds(90),
                T0.minusSeconds(5), "replica-a", T0.plusMillis(7));
        assertThat(Checkpoint.decode(full.encode())).isEqualTo(full);
        Checkpoint initial = Checkpoint.initial("c1", "replica-a", T0);
        assertThat(Checkpoint.decode(initial.encode())).isEqualTo(initial);
    }

    @Test
    void rejectsBytesThatAreNotACheckpoint() {
        assertThatThrownBy(() -> Checkpoint.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Checkpoint.decode("{\"version\":9}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> Checkpoint.decode("{\"version\":1,\"cluster\":\"c1\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("missing or mistyped");
    }

    @Test
    void aSlotNeedsItsDeadlinePauseAndCount() {
        assertThatThrownBy(() -> new Checkpoint("c1", -1, null, new SlotId(0, 3), 3, T0, Duration.ZERO, T0, "r", T0))
                .hasMessageContaining("slot count above its index");
    }
}
