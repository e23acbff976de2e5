package io.meshperf.coordinator.publishing;

import static io.meshperf.coordinator.publishing.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.coordinator.planning.SlotId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CadenceTest {

    private static final Duration ROUND = Duration.ofSeconds(60);
    private static final Duration PAUSE = Duration.ofSeconds(10);

    private final Cadence cadence = Cadence.resume(ROUND, Checkpoint.initial("c1", "r", T0));

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aFreshCoordinatorPublishesRoundZeroAndSlotZeroAtOnce() {
        assertThat(cadence.roundDue(T0)).isTrue();
        assertThat(cadence.nextRound()).isZero();
        assertThat(cadence.slotDue(T0)).isTrue();
        assertThat(cadence.nextSlot()).isEqualTo(new SlotId(0, 0));
        assertThat(cadence.wakeAt(T0)).isEqualTo(T0);
    }

    @Test
    void roundsFollowEachOtherEveryInterval() {
        cadence.roundPublished(0, T0);
        assertThat(cadence.roundDue(at(59))).isFalse();
        assertThat(cadence.roundDue(at(60))).isTrue();
        assertThat(cadence.nextRound()).isEqualTo(1);
        assertThatThrownBy(() -> cadence.roundPublished(5, at(60))).hasMessageContaining("round 5 published after round 0");
    }

    @Test
    void theNextSlotWaitsForTheResultsThenThePause() {
        cadence.roundPublished(0, T0);
        cadence.slotPublished(new SlotId(0, 0), 3, at(20), PAUSE, T0);
        assertThat(cadence.slotDue(at(1))).as("running").isFalse();
        assertThat(cadence.wakeAt(at(1))).as("the deadline comes before the next round").isEqualTo(at(20));
        assertThat(cadence.checkSlot(at(5), 2)).isEmpty();

        Cadence.SlotEnd end = cadence.checkSlot(at(6), 0).orElseThrow();

        assertThat(end.answered()).isTrue();
        assertThat(end.ranFor()).isEqualTo(Duration.ofSeconds(6));
        assertThat(cadence.checkSlot(at(7), 0)).as("reported once").isEmpty();
        assertThat(cadence.slotDue(at(15))).isFalse();
        assertThat(cadence.wakeAt(at(7))).isEqualTo(at(16));
        assertThat(cadence.slotDue(at(16))).isTrue();
        assertThat(cadence.nextSlot()).isEqualTo(new SlotId(0, 1));
    }

    @Test
    void aSilentSlotEndsAtItsDeadline() {
        cadence.slotPublished(new SlotId(0, 0), 3, at(20), PAUSE, T0);
        assertThat(cadence.checkSlot(at(19), 4)).isEmpty();
        Cadence.SlotEnd end = cadence.checkSlot(at(20), 4).orElseThrow();
        assertThat(end.answered()).isFalse();
        assertThat(cadence.slotDue(at(29))).isFalse();
        assertThat(cadence.slotDue(at(30))).isTrue();
    }

    @Test
    void theLastSlotOfACycleIsFollowedBySlotZeroOfTheNext() {
        cadence.slotPublished(new SlotId(4, 2), 3, at(20), PAUSE, T0);
        assertThat(cadence.nextSlot()).isEqualTo(new SlotId(5, 0));
        assertThatThrownBy(() -> cadence.slotPublished(new SlotId(4, 3), 3, at(20), PAUSE, T0))
                .hasMessageContaining("does not fit a cycle of 3 slots");
    }

    @Test
    void resumesFromACheckpointWithoutRepeatingOrCatchingUp() {
        Checkpoint checkpoint = new Checkpoint("c1", 7, T0, new SlotId(2, 1), 4, at(30), PAUSE, T0, "old", at(1));
        Cadence resumed = Cadence.resume(ROUND, checkpoint);

        assertThat(resumed.roundDue(at(59))).isFalse();
        assertThat(resumed.nextRound()).isEqualTo(8);
        assertThat(resumed.runningSlot()).contains(new SlotId(2, 1));
        assertThat(resumed.slotDue(at(2))).isFalse();
        assertThat(resumed.nextSlot()).isEqualTo(new SlotId(2, 2));

        Instant muchLater = at(3600);
        assertThat(resumed.roundDue(muchLater)).isTrue();
        resumed.roundPublished(8, muchLater);
        assertThat(resumed.roundDue(muchLater)).as("one round, no burst of the missed ones").isFalse();
        assertThat(resumed.checkSlot(muchLater, 1)).map(Cadence.SlotEnd::answered).contains(false);
    }

    @Test
    void withoutASlotToPlanItRetriesAfterARoundOrWhenTargetsChange() {
        cadence.roundPublished(0, T0);
        cadence.noSlotPossible(T0);
        assertThat(cadence.slotDue(at(30))).isFalse();
        assertThat(cadence.wakeAt(at(30))).isEqualTo(at(60));
        assertThat(cadence.slotDue(at(60))).isTrue();
        cadence.noSlotPossible(at(60));
        cadence.targetsChanged();
        assertThat(cadence.slotDue(at(61))).isTrue();
    }

    @Test
    void theCheckpointDescribesTheState() {
        cadence.roundPublished(0, T0);
        cadence.slotPublished(new SlotId(0, 1), 3, at(20), PAUSE, T0);
        Checkpoint cp = cadence.checkpoint("c1", T0, "me", at(1));
        assertThat(cp).isEqualTo(new Checkpoint("c1", 0, T0, new SlotId(0, 1), 3, at(20), PAUSE, T0, "me", at(1)));
        assertThat(Cadence.resume(ROUND, cp).nextSlot()).isEqualTo(new SlotId(0, 2));
    }
}
