package io.meshperf.coordinator.planning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One planned bandwidth slot: its jobs, when it should be over, and what it asks of the next one.
 *
 * <p>The publisher sends the jobs, then waits until the slot's results are in or {@link #deadline()}
 * has passed, then waits {@link #pauseAfter()} (the duty-cycle budget) before planning the next
 * slot; {@link #nextStartNotBefore()} is that instant if everything runs to plan.
 *
 * @param slotCount slots in this slot's cycle
 * @param expectedEnd when the longest match's last test should end
 * @param deadline expectedEnd plus the deadline grace: every job's deadline is at or before it
 * @param busyWindows per busy node, [startAt, that match's end + grace): feed to the latency planner
 * @param skippedPaths paths left out because an end was missing or unready
 * @param pauseAfter busy x (1/duty - 1), where busy = expectedEnd - startAt
 */
public record BandwidthSlot(
        SlotId slot,
        int slotCount,
        Instant startAt,
        Instant expectedEnd,
        Instant deadline,
        List<PlannedJob> jobs,
        BusyWindows busyWindows,
        int skippedPaths,
        Duration pauseAfter) {

    /** The nodes in a bandwidth test in this slot, as client or server. */
    public Set<String> busyNodes() {
        return busyWindows.nodes();
    }

    /** True when this is the last slot of its cycle. */
    public boolean lastOfCycle() {
        return slot.index() == slotCount - 1;
    }

    /** When the next slot may start if this one ends as planned. */
    public Instant nextStartNotBefore() {
        return expectedEnd.plus(pauseAfter);
    }
}
