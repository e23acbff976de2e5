package io.meshperf.coordinator.leader;

/**
 * Picks the one coordinator replica that plans and publishes. Implementations by technology:
 * {@link KafkaLeaderElection} (a consumer group on a one-partition topic; needs only Kafka) and
 * {@link KubernetesLeaderElection} (fabric8's leader elector on a {@code Lease}).
 *
 * <p>Election alone cannot stop a leader that is paused and does not yet know it lost: the
 * publisher's transactional fencing does that. The listener is called on the election's own thread,
 * one call at a time, alternating {@code elected}/{@code revoked}; it must not block.
 */
public interface LeaderElection extends AutoCloseable {

    /** Hears about leadership changes of this replica. */
    interface Listener {
        /** This replica is now the leader. */
        void elected();

        /** This replica is no longer the leader (lost, revoked, or closing). */
        void revoked();
    }

    /** Starts campaigning; returns after at most a metadata look-up. May be called once. */
    void start(Listener listener);

    /** True while this replica holds leadership, as far as it knows. */
    boolean isLeader();

    /** Gives up leadership (so another replica takes over without waiting for a timeout) and stops. */
    @Override
    void close();
}
