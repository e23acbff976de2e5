package io.meshperf.agent.service;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes the agent's Kafka clients from its configuration: the pass-through properties (security,
 * tuning) first, then what the agent's guarantees depend on, which nothing may override. Buffers are
 * sized for a few small records, not Kafka's throughput defaults, to keep the agent small.
 */
final class KafkaClients {

    private final AgentConfig config;
    private final String agentId;
    private final int timeoutMs;

    KafkaClients(AgentConfig config) {
        this.config = config;
        this.agentId = config.agentId().toString();
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.get(AgentSettings.KAFKA_TIMEOUT_MS));
    }

    /** The agent's own group id and transactional id: its jobs offsets live under it. */
    String groupId() {
        return "meshperf-agent-" + agentId;
    }

    private Map<String, Object> base(String role) {
        Map<String, Object> p = new HashMap<>(config.kafkaProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(AgentSettings.KAFKA_BOOTSTRAP_SERVERS));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "meshperf-agent-" + role + "-" + agentId);
        return p;
    }

    /** The jobs consumer: manual assignment, no auto commit, committed transactions only. */
    Consumer<String, byte[]> jobsConsumer() {
        Map<String, Object> p = base("jobs");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.get(AgentSettings.JOBS_START_FROM));
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1 << 20);
        p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1 << 20);
        p.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The results producer: transactional under the agent's id (idempotent, acks=all). */
    Producer<byte[], byte[]> resultsProducer() {
        Map<String, Object> p = base("results");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L << 20);
        p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(60_000, 2 * timeoutMs));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The registration producer: idempotent, acks=all, not transactional. */
    Producer<String, byte[]> agentsProducer() {
        Map<String, Object> p = base("agents");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 1L << 20);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        int request = Math.min(timeoutMs, 30_000);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, request + 1_000));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** An admin client, only to settle an uncertain results commit. */
    Admin admin() {
        Map<String, Object> p = base("admin");
        // Kafka requires default.api.timeout.ms >= request.timeout.ms.
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return Admin.create(p);
    }
}
