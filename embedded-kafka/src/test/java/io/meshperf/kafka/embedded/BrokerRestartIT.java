package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarting the broker mid-run loses no records and no committed consumer-group offsets. */
class BrokerRestartIT {

    private static final String TOPIC = "restart";
    private static final String GROUP = "restart-group";

    private final List<EmbeddedKafkaBroker> brokers = new ArrayList<>();

    @AfterEach
    void closeBrokers() {
        brokers.forEach(EmbeddedKafkaBroker::close);
    }

    private EmbeddedKafkaBroker started(EmbeddedKafkaBroker.Builder builder) {
        EmbeddedKafkaBroker broker = builder.build();
        brokers.add(broker);
        broker.start();
        return broker;
    }

    @Test
    void restartKeepsRecordsAndCommittedOffsets() throws Exception {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.builder());
        StartupTimings firstStart = broker.lastStartTimings().orElseThrow();
        broker.createTopics(TopicSpec.of(TOPIC, 1));
        String servers = broker.bootstrapServers();
        KafkaTestClients.produce(servers, TOPIC, KafkaTestClients.values("before", 0, 20));
        consumeAllAndCommit(servers, "before-19");

        broker.restart();

        assertThat(broker.bootstrapServers()).isEqualTo(servers);
        KafkaTestClients.produce(servers, TOPIC, KafkaTestClients.values("after", 0, 5));
        assertResumesWithOnlyTheNewRecords(servers);
        assertLogHolds(servers, 25);
        StartupTimings restart = broker.lastStartTimings().orElseThrow();
        System.out.printf("first start to ready %d ms (readiness round trip %d ms); restart to ready %d ms%n",
                firstStart.toReady().toMillis(), firstStart.readyRoundTrip().toMillis(), restart.toReady().toMillis());
    }

    @Test
    void newBrokerOnAKeptLogDirSeesTheOldRecordsAndOffsets(@TempDir Path logDir) throws Exception {
        EmbeddedKafkaBroker first = started(EmbeddedKafkaBroker.builder().logDir(logDir));
        first.createTopics(TopicSpec.of(TOPIC, 1));
        String servers = first.bootstrapServers();
        KafkaTestClients.produce(servers, TOPIC, KafkaTestClients.values("before", 0, 20));
        consumeAllAndCommit(servers, "before-19");
        first.close();

        // What the lab does when its process restarts: a new broker object, same directory and port.
        EmbeddedKafkaBroker second = started(EmbeddedKafkaBroker.builder().logDir(logDir).port(first.port()));

        assertThat(second.bootstrapServers()).isEqualTo(servers);
        KafkaTestClients.produce(servers, TOPIC, KafkaTestClients.values("after", 0, 5));
        assertResumesWithOnlyTheNewRecords(servers);
        assertLogHolds(servers, 25);
    }

    @Test
    void clientsThatStayOpenAcrossARestartContinueWithoutLossOrDuplicates() throws Exception {
        EmbeddedKafkaBroker broker = started(EmbeddedKafkaBroker.builder());
        broker.createTopics(TopicSpec.of(TOPIC, 1));
        String servers = broker.bootstrapServers();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = KafkaTestClients.groupConsumer(servers, GROUP)) {
            consumer.subscribe(List.of(TOPIC));
            sendAll(producer, KafkaTestClients.values("before", 0, 10));
            List<String> received = new ArrayList<>(KafkaTestClients.pollThrough(consumer, "before-9"));
            consumer.commitSync();

            broker.restart();

            sendAll(producer, KafkaTestClients.values("after", 0, 10));
            received.addAll(KafkaTestClients.pollThrough(consumer, "after-9"));
            List<String> expected = new ArrayList<>(KafkaTestClients.values("before", 0, 10));
            expected.addAll(KafkaTestClients.values("after", 0, 10));
            assertThat(received).containsExactlyElementsOf(expected);
        }
    }

    private static void sendAll(KafkaProducer<String, String> producer, List<String> values) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (String value : values) {
            acks.add(producer.send(new ProducerRecord<>(TOPIC, value, value)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(KafkaTestClients.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void consumeAllAndCommit(String servers, String lastValue) {
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.groupConsumer(servers, GROUP)) {
            consumer.subscribe(List.of(TOPIC));
            assertThat(KafkaTestClients.pollThrough(consumer, lastValue)).hasSize(20);
            consumer.commitSync();
        }
    }

    /** On one partition, a re-read record would come before the new ones and a lost one would be missing. */
    private static void assertResumesWithOnlyTheNewRecords(String servers) {
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.groupConsumer(servers, GROUP)) {
            consumer.subscribe(List.of(TOPIC));
            assertThat(KafkaTestClients.pollThrough(consumer, "after-4"))
                    .containsExactlyElementsOf(KafkaTestClients.values("after", 0, 5));
        }
    }

    private static void assertLogHolds(String servers, int count) {
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.groupConsumer(servers, "full-read")) {
            consumer.subscribe(List.of(TOPIC));
            List<String> expected = new ArrayList<>(KafkaTestClients.values("before", 0, 20));
            expected.addAll(KafkaTestClients.values("after", 0, 5));
            assertThat(KafkaTestClients.pollThrough(consumer, "after-4")).hasSize(count)
                    .containsExactlyElementsOf(expected);
        }
    }
}
