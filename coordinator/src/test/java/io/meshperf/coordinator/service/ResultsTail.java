package io.meshperf.coordinator.service;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows a results topic from its start with one {@code read_committed} consumer, as a reader of
 * {@code meshperf.results} must: records of aborted or still open transactions are never seen.
 *
 * <p>Thread-safe (synchronized); {@link #poll()} blocks for up to 200 ms.
 */
final class ResultsTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<MeasurementResult> results = new ArrayList<>();

    ResultsTail(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what was committed since the last call; returns every result read so far, in order. */
    synchronized List<MeasurementResult> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            results.add(Codecs.MEASUREMENT_RESULT.decode(r.value()));
        }
        return List.copyOf(results);
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
