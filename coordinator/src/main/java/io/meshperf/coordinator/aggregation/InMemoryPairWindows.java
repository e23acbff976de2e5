package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.keys.ResultKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link PairWindowReader} that aggregates results handed to it directly, without Kafka: the fake
 * for tests of the query side and the HTTP API. Windows are epoch-aligned like Kafka Streams'
 * tumbling windows; there is no grace or retention (nothing is ever dropped). Thread-safe
 * (synchronized); scans hand out copies.
 */
public final class InMemoryPairWindows implements PairWindowReader {

    private final List<Duration> sizes;
    /** size → key → window start → window. */
    private final Map<Duration, TreeMap<String, TreeMap<Instant, PairWindow>>> windows = new TreeMap<>();

    /** Windows of {@code sizes}. */
    public InMemoryPairWindows(List<Duration> sizes) {
        this.sizes = sizes.stream().sorted().distinct().toList();
        this.sizes.forEach(size -> windows.put(size, new TreeMap<>()));
    }

    /**
     * Adds a result to its window of every size, as the topology would.
     *
     * @throws ResultCheck.Rejected if the topology would send it to the dead-letter topic
     */
    public synchronized void add(MeasurementResult result) {
        String key = ResultCheck.check(ResultKey.of(result).toString(), result);
        long at = result.getStartedAt().toEpochMilli();
        windows.forEach((size, byKey) -> {
            Instant start = Instant.ofEpochMilli(Math.floorDiv(at, size.toMillis()) * size.toMillis());
            byKey.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(start, s -> new PairWindow()).add(result);
        });
    }

    @Override
    public List<Duration> windowSizes() {
        return sizes;
    }

    @Override
    public synchronized void scan(Duration size, String keyPrefix, Instant from, Instant to, Visitor visitor) {
        TreeMap<String, TreeMap<Instant, PairWindow>> byKey = windows.get(size);
        if (byKey == null) {
            throw new IllegalArgumentException("no windows of size " + size + "; there are " + sizes);
        }
        byKey.tailMap(keyPrefix, true).forEach((key, byStart) -> {
            if (key.startsWith(keyPrefix)) {
                byStart.subMap(from, true, to, true).forEach((start, window) ->
                        visitor.visit(ResultKey.parse(key), start, PairWindowCodec.decode(PairWindowCodec.encode(window))));
            }
        });
    }
}
