package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.keys.ResultKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads the open and closed windows the aggregation keeps: the one seam between the Kafka Streams
 * stores and the query side. Implementations may block on local storage (RocksDB); call them from
 * a worker thread, never an event loop.
 */
public interface PairWindowReader {

    /** The window sizes there are stores for, ascending. */
    List<Duration> windowSizes();

    /**
     * Calls {@code visitor} for every window of {@code size} whose result key starts with
     * {@code keyPrefix} (e.g. {@code prod/POD_TO_POD/}) and which starts within [from, to], in key
     * then time order.
     *
     * @throws IllegalArgumentException if there is no store for {@code size}
     * @throws IllegalStateException if the stores cannot be read now (e.g. while rebalancing)
     */
    void scan(Duration size, String keyPrefix, Instant from, Instant to, Visitor visitor);

    /** Receives windows; runs on the scanning thread. */
    @FunctionalInterface
    interface Visitor {

        /** One window of one pair. The window object is the caller's to keep or change. */
        void visit(ResultKey key, Instant start, PairWindow window);
    }
}
