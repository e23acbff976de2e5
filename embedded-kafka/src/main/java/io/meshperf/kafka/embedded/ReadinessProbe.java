package io.meshperf.kafka.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Proves a broker ready the way a user would: a producer writes one record with acks=all, a
 * consumer reads it back, and its offset is committed under a consumer group (which brings up the
 * group coordinator and the offsets topic). Blocks the caller until done or the deadline passes.
 */
final class ReadinessProbe {

    /** A topic of its own so the probe never writes into a user's topic. */
    static final String TOPIC = "__embedded_kafka_ready";
    static final String GROUP = "__embedded_kafka_ready";
    /** The probe's clients log under this id, so their expected retry warnings can be told apart. */
    static final String CLIENT_ID = "embedded-kafka-readiness-probe";

    /** A single request may hang on a broker that is still starting; retry sooner than Kafka's 30 s. */
    private static final int MAX_REQUEST_TIMEOUT_MS = 5_000;

    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private ReadinessProbe() {
    }

    /**
     * Runs one round trip against the bootstrap servers.
     *
     * @param deadlineNanos {@link System#nanoTime()} value by which it must finish
     * @throws TimeoutException when the deadline passes first
     * @throws ExecutionException when the broker answers with an error that retries did not clear
     */
    static void roundTrip(String bootstrapServers, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        createTopicIfMissing(bootstrapServers, deadlineNanos);
        byte[] payload = Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        long offset = produce(bootstrapServers, payload, deadlineNanos);
        consumeAndCommit(bootstrapServers, offset, payload, deadlineNanos);
    }

    private static void createTopicIfMissing(String bootstrapServers, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = adminConfig(bootstrapServers, CLIENT_ID, deadlineNanos);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())))
                    .all().get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // After a restart the topic is already there: that is the expected answer, not a failure.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static long produce(String bootstrapServers, byte[] payload, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        int timeoutMs = remainingMs(deadlineNanos);
        int requestTimeoutMs = Math.min(timeoutMs, MAX_REQUEST_TIMEOUT_MS);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, requestTimeoutMs));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(TOPIC, 0, null, payload))
                    .get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS);
            return written.offset();
        }
    }

    private static void consumeAndCommit(String bootstrapServers, long offset, byte[] payload, long deadlineNanos)
            throws TimeoutException {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, remainingMs(deadlineNanos),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(remainingMs(deadlineNanos), MAX_REQUEST_TIMEOUT_MS));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // assign() rather than subscribe(): no rebalance to wait for, yet commits still go
            // through the group coordinator.
            consumer.assign(Set.of(PARTITION));
            consumer.seek(PARTITION, offset);
            while (!received(consumer.poll(Duration.ofMillis(Math.min(remainingMs(deadlineNanos), 500))), payload)) {
                if (remainingMs(deadlineNanos) <= 1) {
                    throw new TimeoutException("the record produced at offset " + offset + " of "
                            + PARTITION + " was not consumed in time");
                }
            }
            consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(offset + 1)),
                    Duration.ofMillis(remainingMs(deadlineNanos)));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            TimeoutException timeout = new TimeoutException("committing the probe offset timed out: " + e.getMessage());
            timeout.initCause(e);
            throw timeout;
        }
    }

    private static boolean received(Iterable<ConsumerRecord<byte[], byte[]>> records, byte[] payload) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (Arrays.equals(record.value(), payload)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Admin settings bounded by the deadline. The Admin client rejects a default API timeout
     * below its request timeout, so both shrink together.
     */
    static Map<String, Object> adminConfig(String bootstrapServers, String clientId, long deadlineNanos) {
        int timeoutMs = remainingMs(deadlineNanos);
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, MAX_REQUEST_TIMEOUT_MS));
    }

    /** Milliseconds left before the deadline, at least 1 so Kafka's configs accept it. */
    static int remainingMs(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }
}
