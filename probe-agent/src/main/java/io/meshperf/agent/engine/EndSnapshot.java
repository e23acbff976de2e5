package io.meshperf.agent.engine;

import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end snapshot of a data phase, taken at the moment the test timer expires (on the watchdog
 * thread) or earlier when the loop ends first (end of stream), whichever comes first, as qperf does.
 * Optionally it also stops the data socket right after the snapshot (closes it, or shuts its input
 * down), so that a loop blocked in a plain blocking call (no per-call timeout, hence one system call
 * per message, as in qperf) returns at the deadline. Thread-safe.
 */
public final class EndSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndSnapshot.class);

    private final CpuSampler sampler;
    private final AtomicReference<CpuSnapshot> end = new AtomicReference<>();
    private final ScheduledFuture<?> timer;
    private final long deadline;

    /** Arms the timer for {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    public EndSnapshot(CpuSampler sampler, Watchdog watchdog, long deadlineNanos) {
        this.sampler = sampler;
        this.deadline = deadlineNanos;
        this.timer = watchdog.at(deadlineNanos - System.nanoTime(), this::take);
    }

    /**
     * Arms the timer for {@code deadlineNanos}; when it fires it takes the snapshot, then runs
     * {@code stopAtDeadline} on the watchdog thread (a close or a shutdown of the data socket, which
     * makes a call blocked on it return at once). It must not block.
     */
    public EndSnapshot(CpuSampler sampler, Watchdog watchdog, long deadlineNanos, Closeable stopAtDeadline) {
        this.sampler = sampler;
        this.deadline = deadlineNanos;
        this.timer = watchdog.at(deadlineNanos - System.nanoTime(), () -> {
            take();
            try {
                stopAtDeadline.close();
            } catch (IOException e) {
                LOG.debug("stopping the data socket at the deadline failed: {}", e.toString());
            }
        });
    }

    /** The {@link System#nanoTime()} deadline of the data phase. */
    public long deadline() {
        return deadline;
    }

    /** Whether the deadline has passed; operations completing after it are not counted. */
    public boolean expired() {
        return System.nanoTime() - deadline >= 0;
    }

    /** Nanoseconds left, at least 0. */
    public long remainingNanos() {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Milliseconds left, at least 1, for use as a socket timeout. */
    public int remainingMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remainingNanos() + 999_999) / 1_000_000));
    }

    /** Takes the snapshot now unless it was taken already. */
    public void take() {
        if (end.get() == null) {
            end.compareAndSet(null, sampler.snapshot());
        }
    }

    /** The end snapshot, taking it now if neither the timer nor the loop did. */
    public CpuSnapshot get() {
        take();
        return end.get();
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
