package io.meshperf.agent.service;

import static org.awaitility.Awaitility.await;

import io.meshperf.schemas.MeasurementResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Exactly-once checks: results per job, and an agent's committed jobs offset. */
final class ResultCounts {

    private ResultCounts() {
    }

    static Map<String, Long> perJob(List<MeasurementResult> results) {
        return results.stream().collect(Collectors.groupingBy(MeasurementResult::getJobId, Collectors.counting()));
    }

    /** Waits until the agent's group has committed past {@code offset} of its jobs partition. */
    static void awaitCommittedPast(String bootstrap, String agentId, TopicPartition tp, long offset, Duration atMost) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(300)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets("meshperf-agent-" + agentId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                OffsetAndMetadata o = m.get(tp);
                return o != null && o.offset() > offset;
            });
        }
    }

    static <T> Map<T, Long> count(List<T> items) {
        return items.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
