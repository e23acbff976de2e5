package io.meshperf.coordinator.publishing;

import java.time.Instant;
import java.util.List;

/**
 * The results the leader needs to close jobs: every result of the cluster from a given instant on,
 * delivered in batches. Implemented on Kafka by {@link KafkaResultsReader}.
 */
public interface ResultsFeed extends AutoCloseable {

    /** Receives results on the feed's own thread; must not block. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param results  the next results, possibly none
         * @param caughtUp true once the feed has delivered everything that existed when it started
         */
        void accept(List<ResultSeen> results, boolean caughtUp);
    }

    /**
     * Starts delivering results written at or after {@code since}. Blocks for set-up only.
     *
     * @throws IllegalStateException when the results cannot be read
     */
    void start(Instant since, Sink sink);

    /** Stops delivering; blocks until the feed's thread is gone. Idempotent. */
    @Override
    void close();
}
