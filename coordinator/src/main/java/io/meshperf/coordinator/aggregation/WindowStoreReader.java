package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.keys.ResultKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * {@link PairWindowReader} over Kafka Streams window stores, found by name: the interactive-query
 * stores of a running {@code KafkaStreams} (every partition this instance hosts) or a
 * {@code TopologyTestDriver}'s. Key prefixes become a key-range fetch, so a query for one cluster
 * and path reads only that range. Thread-safe as the stores are; blocks on RocksDB reads.
 */
public final class WindowStoreReader implements PairWindowReader {

    private final List<Duration> sizes;
    private final Function<String, ReadOnlyWindowStore<String, PairWindow>> stores;

    /**
     * A reader of the stores of {@code sizes}, looked up on every scan through {@code stores}
     * (store name to store; {@link AggregationSettings#storeName}), so a store that moved after a
     * rebalance is found again.
     */
    public WindowStoreReader(List<Duration> sizes, Function<String, ReadOnlyWindowStore<String, PairWindow>> stores) {
        this.sizes = List.copyOf(sizes);
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    @Override
    public List<Duration> windowSizes() {
        return sizes;
    }

    @Override
    public void scan(Duration size, String keyPrefix, Instant from, Instant to, Visitor visitor) {
        if (!sizes.contains(size)) {
            throw new IllegalArgumentException("no window store of size " + size + "; there are " + sizes);
        }
        if (keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix must not be empty");
        }
        // Every key with the prefix sorts below the prefix with its last character raised by one.
        String upper = keyPrefix.substring(0, keyPrefix.length() - 1)
                + (char) (keyPrefix.charAt(keyPrefix.length() - 1) + 1);
        try {
            ReadOnlyWindowStore<String, PairWindow> store = stores.apply(AggregationSettings.storeName(size));
            try (KeyValueIterator<Windowed<String>, PairWindow> windows = store.fetch(keyPrefix, upper, from, to)) {
                while (windows.hasNext()) {
                    KeyValue<Windowed<String>, PairWindow> next = windows.next();
                    String key = next.key.key();
                    if (key.startsWith(keyPrefix)) {
                        visitor.visit(ResultKey.parse(key), next.key.window().startTime(), next.value);
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("window store " + AggregationSettings.storeName(size)
                    + " cannot be read now: " + e.getMessage(), e);
        }
    }
}
