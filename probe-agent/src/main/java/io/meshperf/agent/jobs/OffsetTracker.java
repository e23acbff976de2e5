package io.meshperf.agent.jobs;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs partition offset the agent has durably committed (the next record it would read after a
 * restart). Set by the feed when it takes its partition, advanced by the measurement thread after each
 * durable batch, read by the lag metric. Thread-safe; never blocks.
 */
public final class OffsetTracker {

    private final AtomicLong next = new AtomicLong(-1);
    private volatile int partition = -1;

    /** The partition and position the feed starts from (the committed offset, or the reset policy's). */
    void start(int jobsPartition, long offset) {
        partition = jobsPartition;
        next.set(offset);
    }

    /** The agent's jobs partition, or -1 before the feed has it. */
    public int partition() {
        return partition;
    }

    /** Records that everything before {@code nextOffset} is done and committed. */
    void committed(long nextOffset) {
        next.accumulateAndGet(nextOffset, Math::max);
    }

    /** The committed next offset, or -1 before the feed has its partition. */
    public long committedNext() {
        return next.get();
    }
}
