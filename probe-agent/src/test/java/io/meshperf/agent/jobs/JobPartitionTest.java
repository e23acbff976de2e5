package io.meshperf.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class JobPartitionTest {

    @Test
    void agreesWithTheProducersOwnPartitionerForKeyedRecords() {
        for (int partitions : new int[] {1, 2, 3, 7, 12, 50}) {
            for (int i = 0; i < 500; i++) {
                String id = "prod/node-" + i + (i % 2 == 0 ? "/host" : "/meshperf/agent-" + Integer.toHexString(i * 7919));
                assertThat(JobPartition.of(id, partitions)).as("%s over %d", id, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void spreadsAgentsOverPartitions() {
        int[] counts = new int[6];
        for (int i = 0; i < 600; i++) {
            counts[JobPartition.of("c/n" + i + "/host", 6)]++;
        }
        for (int n : counts) {
            assertThat(n).isBetween(60, 140);
        }
    }

    @Test
    void refusesAPartitionCountBelowOne() {
        assertThatThrownBy(() -> JobPartition.of("c/n/host", 0)).hasMessageContaining("partition count must be positive");
    }
}
