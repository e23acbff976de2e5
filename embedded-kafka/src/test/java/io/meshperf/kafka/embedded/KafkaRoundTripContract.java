package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * What every Kafka broker the project tests against must do, written once and run against each:
 * the in-process broker ({@link EmbeddedBrokerRoundTripIT}) and a Testcontainers broker
 * ({@link ContainerBrokerRoundTripIT}, skipped without Docker).
 */
abstract class KafkaRoundTripContract {

    /** Where the broker under test listens. */
    protected abstract String bootstrapServers();

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    @Test
    void recordsProducedAreConsumedInOrder() throws Exception {
        String topic = unique("round-trip");
        Topics.create(bootstrapServers(), KafkaTestClients.TIMEOUT, List.of(TopicSpec.of(topic, 1)));
        List<String> sent = KafkaTestClients.values("r", 0, 100);

        KafkaTestClients.produce(bootstrapServers(), topic, sent);

        try (KafkaConsumer<String, String> consumer = KafkaTestClients.groupConsumer(bootstrapServers(), unique("g"))) {
            consumer.subscribe(List.of(topic));
            assertThat(KafkaTestClients.pollThrough(consumer, "r-99")).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void consumerGroupResumesAfterItsCommittedOffset() throws Exception {
        String topic = unique("resume");
        String group = unique("g");
        Topics.create(bootstrapServers(), KafkaTestClients.TIMEOUT, List.of(TopicSpec.of(topic, 1)));
        KafkaTestClients.produce(bootstrapServers(), topic, KafkaTestClients.values("r", 0, 10));
        TopicPartition partition = new TopicPartition(topic, 0);

        try (KafkaConsumer<String, String> first = KafkaTestClients.groupConsumer(bootstrapServers(), group)) {
            first.subscribe(List.of(topic));
            KafkaTestClients.pollThrough(first, "r-9");
            // Only the first four were processed: commit exactly that far.
            first.commitSync(Map.of(partition, new OffsetAndMetadata(4)));
        }
        try (KafkaConsumer<String, String> second = KafkaTestClients.groupConsumer(bootstrapServers(), group)) {
            second.subscribe(List.of(topic));
            assertThat(KafkaTestClients.pollThrough(second, "r-9"))
                    .containsExactlyElementsOf(KafkaTestClients.values("r", 4, 10));
        }
    }

    @Test
    void topicsAreCreatedWithPartitionsAndConfigs() throws Exception {
        String topic = unique("compacted");
        Topics.create(bootstrapServers(), KafkaTestClients.TIMEOUT,
                List.of(TopicSpec.of(topic, 3).compacted().retention(Duration.ofHours(2))));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);

            assertThat(description.partitions()).hasSize(3);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofHours(2).toMillis()));
        }
    }

    @Test
    void creatingAnExistingTopicFailsNamingIt() {
        String topic = unique("twice");
        Topics.create(bootstrapServers(), KafkaTestClients.TIMEOUT, List.of(TopicSpec.of(topic, 1)));

        assertThatThrownBy(() -> Topics.create(bootstrapServers(), KafkaTestClients.TIMEOUT,
                List.of(TopicSpec.of(topic, 1))))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("already exists");
    }
}
