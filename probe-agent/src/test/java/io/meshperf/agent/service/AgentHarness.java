package io.meshperf.agent.service;

import static org.awaitility.Awaitility.await;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Starts agents against a test broker and reads what they publish. */
final class AgentHarness {

    static final int JOB_PARTITIONS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentHarness() {
    }

    static void createTopics(EmbeddedKafkaBroker broker) {
        broker.createTopics(TopicSpec.of(Topics.JOBS, JOB_PARTITIONS), TopicSpec.of(Topics.RESULTS, 3),
                TopicSpec.of(Topics.AGENTS, 1).compacted(), TopicSpec.of(Topics.DLQ, 1));
    }

    /** Flags of an agent on loopback with free ports and quick heartbeats, plus {@code extra}. */
    static Map<String, String> flags(String bootstrap, AgentId id, Map<String, String> extra) {
        Map<String, String> f = new HashMap<>();
        f.put("CLUSTER", id.cluster());
        f.put("NODE", id.node());
        f.put("NETWORK", id.network().name().toLowerCase(java.util.Locale.ROOT));
        if (id.network() == Network.POD) {
            f.put("POD", "meshperf/agent-" + id.node());
        }
        f.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        f.put("QPERF_PORT", "0");
        f.put("HTTP_PORT", "0");
        f.put("HEARTBEAT_INTERVAL_MS", "500");
        f.put("KAFKA_TIMEOUT_MS", "10000");
        f.put("STOP_TEST_GRACE_MS", "5000");
        f.put("STOP_TIMEOUT_MS", "30000");
        f.putAll(extra);
        return f;
    }

    static AgentService start(String bootstrap, AgentId id, Map<String, String> extra) throws IOException {
        AgentConfig config = AgentConfig.load(Map.of(), flags(bootstrap, id, extra));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return AgentService.start(config, registry, registry::scrape, Clock.systemUTC());
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReady(AgentService agent) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(agent.httpPort(), "/readyz").statusCode() == 200);
    }

    /** Publishes raw bytes to the jobs topic under {@code key}, as the coordinator would; returns the offset. */
    static long publishJob(String bootstrap, String key, byte[] value) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.JOBS, key, value)).get().offset();
        }
    }

    /** Reads a whole topic from the start, committed records only. */
    static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        TopicReader(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo i : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                tps.add(new TopicPartition(topic, i.partition()));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
        }

        /** Reads what arrived since the last call; returns everything read so far. */
        synchronized List<ConsumerRecord<String, byte[]>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return List.copyOf(records);
        }

        /** Every result read so far, of {@code jobId}. */
        List<MeasurementResult> results(String jobId) {
            return poll().stream().map(r -> Codecs.MEASUREMENT_RESULT.decode(r.value()))
                    .filter(r -> r.getJobId().equals(jobId)).collect(Collectors.toList());
        }

        List<MeasurementResult> allResults() {
            return poll().stream().map(r -> Codecs.MEASUREMENT_RESULT.decode(r.value())).collect(Collectors.toList());
        }

        /** The newest registration value of {@code agentId} (null for a tombstone), or absent. */
        java.util.Optional<java.util.Optional<AgentInfo>> registration(String agentId) {
            java.util.Optional<java.util.Optional<AgentInfo>> last = java.util.Optional.empty();
            for (ConsumerRecord<String, byte[]> r : poll()) {
                if (agentId.equals(r.key())) {
                    last = java.util.Optional.of(r.value() == null ? java.util.Optional.empty()
                            : java.util.Optional.of(Codecs.AGENT_INFO.decode(r.value())));
                }
            }
            return last;
        }

        /** Awaits {@code n} results of {@code jobId}. */
        List<MeasurementResult> awaitResults(String jobId, int n, Duration atMost) {
            return await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> results(jobId),
                    l -> l.size() >= n);
        }

        @Override
        public synchronized void close() {
            consumer.close();
        }
    }
}
