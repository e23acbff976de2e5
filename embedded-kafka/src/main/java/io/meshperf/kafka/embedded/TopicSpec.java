package io.meshperf.kafka.embedded;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.internals.Topic;

/**
 * A topic to create: name, partition count and topic-level configs. Immutable; the {@code with}
 * methods return a copy. Checked when built, so a bad name fails before any broker is asked.
 *
 * @param name a legal Kafka topic name
 * @param partitions at least 1
 * @param configs topic configs such as {@code cleanup.policy} or {@code retention.ms}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configs, "configs");
        try {
            Topic.validate(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid topic name '" + name + "': " + e.getMessage(), e);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, was " + partitions);
        }
        for (Map.Entry<String, String> config : configs.entrySet()) {
            if (config.getKey() == null || config.getValue() == null) {
                throw new IllegalArgumentException("topic " + name + " has a null config key or value: " + configs);
            }
        }
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    /** A topic with default configs. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }

    /** A copy with one more topic config. */
    public TopicSpec withConfig(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(configs);
        copy.put(key, value);
        return new TopicSpec(name, partitions, copy);
    }

    /** A copy with {@code cleanup.policy=compact}: only the latest record per key is kept. */
    public TopicSpec compacted() {
        return withConfig(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** A copy that deletes records older than the given retention. */
    public TopicSpec retention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("topic " + name + " retention must be positive, was " + retention);
        }
        return withConfig(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
}
