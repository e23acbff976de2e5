package io.meshperf.agent.jobs;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of {@code meshperf.jobs} that holds an agent's jobs: the one Kafka's default
 * partitioner picks for the agent id as key (murmur2 of the key's UTF-8 bytes, made positive, modulo
 * the partition count), so the agent can assign itself that partition without joining a consumer
 * group. Pure.
 */
public final class JobPartition {

    private JobPartition() {
    }

    /**
     * The partition of {@code key} among {@code partitions}.
     *
     * @throws IllegalArgumentException if {@code partitions} is not positive
     */
    public static int of(String key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partition count must be positive, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
