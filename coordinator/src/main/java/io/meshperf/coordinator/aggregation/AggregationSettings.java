package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.keys.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the aggregation topology needs to know, built once by the coordinator's configuration and
 * checked here. Immutable.
 *
 * @param resultsTopic where results arrive ({@code meshperf.results})
 * @param aggregatesTopic where closed windows go ({@code meshperf.aggregates})
 * @param dlqTopic where undecodable or invalid results go ({@code meshperf.dlq})
 * @param windows tumbling window sizes, each a whole number of seconds (default 1 min and 1 h)
 * @param grace how long after a window ends a late result still counts
 * @param history how long windows stay queryable (at least size + grace)
 * @param serviceWeights expected load-balancing weight per Service backend ({@code namespace/name}
 *     of the backend pod), per Service; a Service not named here is expected to split evenly
 */
public record AggregationSettings(String resultsTopic, String aggregatesTopic, String dlqTopic, List<Duration> windows,
                                  Duration grace, Duration history, Map<String, Map<String, Double>> serviceWeights) {

    /** Checks every setting; messages name the setting. */
    public AggregationSettings {
        require(resultsTopic, "resultsTopic");
        require(aggregatesTopic, "aggregatesTopic");
        require(dlqTopic, "dlqTopic");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(history, "history");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("windows must name at least one window size");
        }
        windows = windows.stream().sorted().distinct().toList();
        for (Duration size : windows) {
            if (size.isNegative() || size.isZero() || size.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("windows: each size must be a positive whole number of seconds,"
                        + " got " + size);
            }
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        if (history.isNegative() || history.isZero()) {
            throw new IllegalArgumentException("history must be positive, got " + history);
        }
        serviceWeights = Map.copyOf(Objects.requireNonNull(serviceWeights, "serviceWeights"));
    }

    /** Default topics, 1 min and 1 h windows, 30 s grace, 24 h of history, even Service splits. */
    public static AggregationSettings defaults() {
        return new AggregationSettings(Topics.RESULTS, Topics.AGGREGATES, Topics.DLQ,
                List.of(Duration.ofMinutes(1), Duration.ofHours(1)), Duration.ofSeconds(30), Duration.ofHours(24),
                Map.of());
    }

    /** The same settings with other window sizes and grace. */
    public AggregationSettings withWindows(List<Duration> sizes, Duration graceAfterEnd) {
        return new AggregationSettings(resultsTopic, aggregatesTopic, dlqTopic, sizes, graceAfterEnd, history,
                serviceWeights);
    }

    /** The same settings with other expected Service weights. */
    public AggregationSettings withServiceWeights(Map<String, Map<String, Double>> weights) {
        return new AggregationSettings(resultsTopic, aggregatesTopic, dlqTopic, windows, grace, history, weights);
    }

    /** The window store of {@code size}: {@code pair-windows-<seconds>s}. */
    public static String storeName(Duration size) {
        return "pair-windows-" + size.toSeconds() + "s";
    }

    /** How long the store of {@code size} keeps windows. */
    public Duration retention(Duration size) {
        Duration minimum = size.plus(grace);
        return history.compareTo(minimum) >= 0 ? history : minimum;
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
