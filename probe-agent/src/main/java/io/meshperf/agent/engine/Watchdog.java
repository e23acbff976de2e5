package io.meshperf.agent.engine;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes sockets whose owner overstayed a deadline. Blocking Java socket writes cannot time out, so a
 * peer that stops reading would pin a thread forever; closing the socket from here makes the blocked
 * call fail at once. One daemon thread, named; {@link #arm} never blocks.
 */
public final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private final ScheduledThreadPoolExecutor timer;

    public Watchdog(String threadName) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // Started now, so that the set of threads is fixed from the start (the fuzz test checks it).
        timer.prestartAllCoreThreads();
    }

    /** A pending close; cancel it when the guarded work finished in time. */
    public interface Armed extends AutoCloseable {
        /** Cancels the close; idempotent. */
        @Override
        void close();

        /** Whether the watchdog has fired. */
        boolean fired();
    }

    /** Runs {@code action} on the watchdog thread after {@code delayNanos}; it must not block. */
    public ScheduledFuture<?> at(long delayNanos, Runnable action) {
        return timer.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** Closes {@code resource} after {@code delayNanos} unless the returned handle is closed first. */
    public Armed arm(Closeable resource, long delayNanos, String what) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> f = timer.schedule(() -> {
            fired.set(true);
            LOG.debug("watchdog closes {} after its deadline", what);
            try {
                resource.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed: {}", what, e.toString());
            }
        }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return new Armed() {
            @Override
            public void close() {
                f.cancel(false);
            }

            @Override
            public boolean fired() {
                return fired.get();
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
