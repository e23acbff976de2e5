package io.meshperf.agent.engine.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts sessions against the server's limit, and keeps totals for monitoring. Thread-safe. */
public final class SessionSlots {

    private final int max;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public SessionSlots(int max) {
        this.max = max;
    }

    /** Takes a slot, or returns false (and counts a refusal) when all are in use. */
    public boolean tryAcquire() {
        while (true) {
            int n = active.get();
            if (n >= max) {
                refused.incrementAndGet();
                return false;
            }
            if (active.compareAndSet(n, n + 1)) {
                started.incrementAndGet();
                return true;
            }
        }
    }

    public void release() {
        active.decrementAndGet();
    }

    public int active() {
        return active.get();
    }

    public int max() {
        return max;
    }

    public long started() {
        return started.get();
    }

    public long refused() {
        return refused.get();
    }
}
