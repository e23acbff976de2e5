package io.meshperf.coordinator.discovery;

/**
 * Where the coordinator learns what to measure. Implementations by technology:
 * {@code KubernetesTargetSource} (informers on nodes, agent pods and the agent Service) and
 * {@code RegistrationTargetSource} (agents' registrations on {@code meshperf.agents}); tests and
 * the lab use {@link InMemoryTargetSource}.
 *
 * <p>Threading contract every implementation keeps:
 * <ul>
 *   <li>{@link #current()} may be called from any thread, never blocks and returns the latest
 *       complete snapshot ({@link TargetSet#empty} before the first sync).</li>
 *   <li>Listeners are called on one notification thread owned by the source, one call at a time,
 *       in the order the snapshots were made, each with a whole new snapshot (never a diff). A
 *       listener must return quickly and must not block: it hands the snapshot to its own thread or
 *       event loop (in Vert.x, {@code context.runOnContext}).</li>
 *   <li>{@link #subscribe} does not replay the current snapshot; subscribe first, then read
 *       {@link #current()}, and no change is missed.</li>
 *   <li>An exception thrown by a listener is logged by the source and does not stop other
 *       listeners or later notifications.</li>
 * </ul>
 */
public interface TargetSource {

    /** The latest snapshot. Non-blocking, thread-safe. */
    TargetSet current();

    /** Registers a listener for later snapshots; closing the returned handle unregisters it. */
    Subscription subscribe(Listener listener);

    /** Hears about every new snapshot, on the source's notification thread. */
    @FunctionalInterface
    interface Listener {
        void onChange(TargetSet next);
    }

    /** Handle of one registration; {@link #close()} is idempotent and never throws. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
