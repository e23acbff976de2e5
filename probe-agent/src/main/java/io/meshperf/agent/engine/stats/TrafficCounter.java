package io.meshperf.agent.engine.stats;

/**
 * Mutable counters for a data loop. Not thread-safe: owned by the one thread that runs the loop,
 * then read once with {@link #snapshot()} after it ends.
 */
public final class TrafficCounter {
    private long bytes;
    private long msgs;
    private long errs;

    public void message(long size) {
        bytes += size;
        msgs++;
    }

    public void error() {
        errs++;
    }

    public long msgs() {
        return msgs;
    }

    public Traffic snapshot() {
        return new Traffic(bytes, msgs, errs);
    }
}
