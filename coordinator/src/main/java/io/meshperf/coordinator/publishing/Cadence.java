package io.meshperf.coordinator.publishing;

import io.meshperf.coordinator.planning.SlotId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when the next latency round and the next bandwidth slot are due. Pure logic: the caller
 * passes the time (from its injected clock) and how many jobs of the running slot are still open.
 *
 * <p>Rounds follow each other every round interval; a coordinator that was away does not catch up
 * (no burst of missed rounds), it starts the next round at once. A slot is over when all its
 * jobs have results or its deadline has passed, whichever comes first; the next slot is due the
 * duty-cycle pause after that moment. So slot n+1 never starts before slot n is over, and no agent
 * clock is involved. With fewer than two measurable nodes there is no slot; the caller says so with
 * {@link #noSlotPossible} and it is tried again a round interval later or when the targets change.
 *
 * <p>Not thread-safe: owned by the coordinator thread.
 */
public final class Cadence {

    private final Duration roundInterval;
    private long lastRound;
    private Instant lastRoundStart;
    private SlotId lastSlot;
    private int lastSlotCount;
    private Instant slotPublishedAt;
    private Instant slotDeadline;
    private Duration slotPause;
    private Instant slotDoneAt;
    private Instant slotRetryAt;

    private Cadence(Duration roundInterval) {
        this.roundInterval = Objects.requireNonNull(roundInterval, "roundInterval");
        this.lastRound = -1;
    }

    /**
     * Continues from a checkpoint read at take-over (or {@link Checkpoint#initial}). A slot the
     * checkpoint shows as published is treated as running: it ends when its open jobs are closed
     * or its deadline passes, and its pause is counted from then.
     */
    public static Cadence resume(Duration roundInterval, Checkpoint checkpoint) {
        Cadence c = new Cadence(roundInterval);
        c.lastRound = checkpoint.round();
        c.lastRoundStart = checkpoint.roundStart();
        c.lastSlot = checkpoint.slot();
        c.lastSlotCount = checkpoint.slotCount();
        c.slotDeadline = checkpoint.slotDeadline();
        c.slotPause = checkpoint.slotPause();
        c.slotPublishedAt = checkpoint.writtenAt();
        return c;
    }

    /** True when the next latency round should be published now. */
    public boolean roundDue(Instant now) {
        return lastRound < 0 || !now.isBefore(lastRoundStart.plus(roundInterval));
    }

    /** The number of the next latency round. */
    public long nextRound() {
        return lastRound + 1;
    }

    /** Records that round {@code round}, starting at {@code start}, is on the topic. */
    public void roundPublished(long round, Instant start) {
        if (round != lastRound + 1) {
            throw new IllegalArgumentException("round " + round + " published after round " + lastRound);
        }
        lastRound = round;
        lastRoundStart = Objects.requireNonNull(start, "start");
    }

    /**
     * Checks whether the running slot is over, given its open jobs.
     *
     * @return how long it ran and why it ended, once, at the check that finds it over
     */
    public Optional<SlotEnd> checkSlot(Instant now, int openInSlot) {
        if (lastSlot == null || slotDoneAt != null) {
            return Optional.empty();
        }
        boolean answered = openInSlot == 0;
        if (!answered && now.isBefore(slotDeadline)) {
            return Optional.empty();
        }
        slotDoneAt = now;
        return Optional.of(new SlotEnd(lastSlot, Duration.between(slotPublishedAt, now), answered));
    }

    /** How a slot ended: every job answered, or its deadline passed first. */
    public record SlotEnd(SlotId slot, Duration ranFor, boolean answered) {
    }

    /** True when the next bandwidth slot should be published now. */
    public boolean slotDue(Instant now) {
        if (slotRetryAt != null && now.isBefore(slotRetryAt)) {
            return false;
        }
        if (lastSlot == null) {
            return true;
        }
        return slotDoneAt != null && !now.isBefore(slotDoneAt.plus(slotPause));
    }

    /**
     * The slot after the last one: the next index of its cycle, or slot 0 of the next cycle. The
     * caller moves on to the next cycle itself when the current target set gives the cycle fewer slots.
     */
    public SlotId nextSlot() {
        if (lastSlot == null) {
            return new SlotId(0, 0);
        }
        return lastSlot.index() + 1 < lastSlotCount ? new SlotId(lastSlot.cycle(), lastSlot.index() + 1)
                : new SlotId(lastSlot.cycle() + 1, 0);
    }

    /** Records that a slot is on the topic; it runs until its jobs are answered or its deadline. */
    public void slotPublished(SlotId slot, int slotCount, Instant deadline, Duration pause, Instant now) {
        Objects.requireNonNull(slot, "slot");
        if (slotCount <= slot.index()) {
            throw new IllegalArgumentException("slot " + slot + " does not fit a cycle of " + slotCount + " slots");
        }
        lastSlot = slot;
        lastSlotCount = slotCount;
        slotDeadline = Objects.requireNonNull(deadline, "deadline");
        slotPause = Objects.requireNonNull(pause, "pause");
        slotPublishedAt = Objects.requireNonNull(now, "now");
        slotDoneAt = null;
        slotRetryAt = null;
    }

    /** No slot can be planned now (fewer than two measurable nodes); try again a round interval later. */
    public void noSlotPossible(Instant now) {
        slotRetryAt = now.plus(roundInterval);
    }

    /** The targets changed: a slot that could not be planned may be possible now. */
    public void targetsChanged() {
        slotRetryAt = null;
    }

    /** The running slot, if one was published and is not over. */
    public Optional<SlotId> runningSlot() {
        return lastSlot != null && slotDoneAt == null ? Optional.of(lastSlot) : Optional.empty();
    }

    /** The last slot published, running or not. */
    public Optional<SlotId> lastSlot() {
        return Optional.ofNullable(lastSlot);
    }

    public int lastSlotCount() {
        return lastSlotCount;
    }

    public long lastRound() {
        return lastRound;
    }

    public Optional<Instant> lastRoundStart() {
        return Optional.ofNullable(lastRoundStart);
    }

    /** When something may next become due by time alone: the next round, the slot deadline or its pause's end. */
    public Instant wakeAt(Instant now) {
        Instant roundWake = lastRound < 0 ? now : lastRoundStart.plus(roundInterval);
        Instant slotWake;
        if (lastSlot != null && slotDoneAt == null) {
            slotWake = slotDeadline;
        } else {
            Instant ready = lastSlot == null ? now : slotDoneAt.plus(slotPause);
            slotWake = slotRetryAt != null && slotRetryAt.isAfter(ready) ? slotRetryAt : ready;
        }
        Instant wake = roundWake.isBefore(slotWake) ? roundWake : slotWake;
        return wake.isBefore(now) ? now : wake;
    }

    /** The checkpoint describing this state, to write with the batch that produced it. */
    public Checkpoint checkpoint(String cluster, Instant openSince, String writer, Instant now) {
        return new Checkpoint(cluster, lastRound, lastRoundStart, lastSlot, lastSlotCount, slotDeadline, slotPause,
                openSince, writer, now);
    }
}
