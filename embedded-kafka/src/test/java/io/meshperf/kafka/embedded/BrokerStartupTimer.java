package io.meshperf.kafka.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark command: starts a broker, measures start-to-ready, then a user's first round trip
 * (a fresh producer and a subscribing consumer group on a new topic), then a restart, and prints
 * the figures. Run with {@code mvn -pl embedded-kafka test-compile exec:exec}.
 */
public final class BrokerStartupTimer {

    private BrokerStartupTimer() {
    }

    public static void main(String[] args) {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            long begin = System.nanoTime();
            broker.start();
            long ready = System.nanoTime();
            StartupTimings first = broker.lastStartTimings().orElseThrow();
            Duration roundTrip = firstRoundTrip(broker);
            broker.restart();
            StartupTimings restart = broker.lastStartTimings().orElseThrow();
            System.out.printf("start to ready:        %5d ms (Kafka startup %d ms, readiness round trip %d ms)%n",
                    Duration.ofNanos(ready - begin).toMillis(), first.serverStartup().toMillis(),
                    first.readyRoundTrip().toMillis());
            System.out.printf("first user round trip: %5d ms (new topic, producer, group consumer)%n",
                    roundTrip.toMillis());
            System.out.printf("restart to ready:      %5d ms%n", restart.toReady().toMillis());
            System.out.printf("process RSS:           %5s (max heap %d MB)%n", residentSetSize(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    /** VmRSS from /proc (Linux), or "unknown" elsewhere. */
    private static String residentSetSize() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.substring("VmRSS:".length()).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Duration firstRoundTrip(EmbeddedKafkaBroker broker) {
        long begin = System.nanoTime();
        broker.createTopics(TopicSpec.of("timer", 1));
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("timer", "k", "v")).get();
        } catch (Exception e) {
            throw new IllegalStateException("producing the timing record failed", e);
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "timer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("timer"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(100));
            }
            if (records.isEmpty()) {
                throw new IllegalStateException("the timing record was not consumed within 30 s");
            }
            consumer.commitSync();
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }
}
