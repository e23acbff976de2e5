package io.meshperf.coordinator.discovery;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TargetSource} whose snapshots are pushed in by its owner: the lab, bare-host setups that
 * configure targets statically, and tests of anything that consumes a source.
 *
 * <p>The notification thread is the thread that calls {@link #update}; calls to {@code update} are
 * serialised, so listeners see one snapshot at a time, in order. Listener exceptions are logged and
 * do not reach the caller of {@code update}.
 */
public final class InMemoryTargetSource implements TargetSource {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryTargetSource.class);

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile TargetSet current;

    public InMemoryTargetSource(TargetSet initial) {
        this.current = Objects.requireNonNull(initial, "initial target set");
    }

    @Override
    public TargetSet current() {
        return current;
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Publishes a new snapshot and notifies every listener on the calling thread. A snapshot for a
     * different cluster is rejected with {@link IllegalArgumentException}: one source, one cluster.
     */
    public synchronized void update(TargetSet next) {
        Objects.requireNonNull(next, "next target set");
        if (!next.cluster().equals(current.cluster())) {
            throw new IllegalArgumentException("this source serves cluster " + current.cluster()
                    + ", not " + next.cluster());
        }
        current = next;
        LOG.info("Target set updated: {}", next);
        for (Listener listener : listeners) {
            try {
                listener.onChange(next);
            } catch (RuntimeException e) {
                LOG.error("Target set listener {} failed on {}", listener, next, e);
            }
        }
    }
}
