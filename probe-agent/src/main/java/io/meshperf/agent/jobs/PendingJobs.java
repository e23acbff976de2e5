package io.meshperf.agent.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The jobs the measurement thread has taken from its feed but not run yet, and which one runs next:
 * among the jobs whose start has come, the one with the earliest deadline (then the lowest offset).
 *
 * <p>Why not partition order: the coordinator publishes a latency round's jobs at once, each with a
 * start spread over the round, and a bandwidth slot whenever the previous one is over; the slot's jobs
 * start at once and have the tighter deadlines. Run in partition order, a slot published after a
 * round waits behind that round's later-starting latency jobs and misses its deadline (the agent
 * would then answer it SKIPPED, or the coordinator TIMEOUT).
 *
 * <p>Because jobs may finish out of partition order, the offset to commit with a batch is
 * {@link #commitOffset()}: the first offset of a job still held here, or the end of what was taken.
 * So a restart never loses a held job; a job that ran ahead of a held one may run again after a
 * crash (it is then answered again, usually SKIPPED since its deadline has passed).
 *
 * <p>Thread-safe (synchronized): the measurement thread adds and takes, a stopping thread may read the
 * commit offset. Never blocks.
 */
final class PendingJobs {

    private static final Comparator<Work.Job> EARLIEST_DEADLINE = Comparator
            .comparing((Work.Job j) -> j.job().getDeadline()).thenComparingLong(Work.Job::offset);

    private final int capacity;
    private final List<Work.Job> held = new ArrayList<>();
    private long taken = -1;

    /** @param capacity how many jobs may be held; {@link #full()} tells the caller to stop taking more */
    PendingJobs(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records that every record before {@code nextOffset} was taken from the feed (run, held or passed over). */
    synchronized void taken(long nextOffset) {
        taken = Math.max(taken, nextOffset);
    }

    /** Holds a job until it is due; the record counts as taken. */
    synchronized void hold(Work.Job job) {
        held.add(job);
        taken(job.offset() + 1);
    }

    /** Removes and returns the due job (start at or before {@code now}) with the earliest deadline, if any. */
    synchronized Optional<Work.Job> takeDue(Instant now) {
        Optional<Work.Job> due = held.stream().filter(j -> !j.job().getStartNotBefore().isAfter(now))
                .min(EARLIEST_DEADLINE);
        due.ifPresent(held::remove);
        return due;
    }

    /** The earliest start of a held job, if any is held. */
    synchronized Optional<Instant> nextStart() {
        return held.stream().map(j -> j.job().getStartNotBefore()).min(Comparator.naturalOrder());
    }

    /**
     * The offset a batch may commit now: the lowest offset of a held job, or else the end of what
     * was taken; -1 before anything was taken.
     */
    synchronized long commitOffset() {
        return held.stream().mapToLong(Work.Job::offset).min().orElse(taken);
    }

    synchronized boolean full() {
        return held.size() >= capacity;
    }

    synchronized int size() {
        return held.size();
    }
}
