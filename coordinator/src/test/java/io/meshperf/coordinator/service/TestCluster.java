package io.meshperf.coordinator.service;

import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.coordinator.publishing.Checkpoint;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One test's cluster on the shared in-process broker: its own topics, the coordinator flags for a
 * fast plan (2 s rounds, 100 ms bandwidth tests, 50 % duty cycle; deadline grace 0.5 s, result grace 1 s,
 * so a loaded build machine does not turn slow answers into TIMEOUTs; the aggregation on its own
 * topics, advertised on loopback), and readers for the topics.
 */
final class TestCluster {

    private static final long STARTED = System.currentTimeMillis();

    final String name;
    final String bootstrap;
    final String jobs;
    final String results;
    final String agents;
    final String state;
    final String leader;
    final String aggregates;
    final String dlq;

    TestCluster(EmbeddedKafkaBroker broker, String name) {
        this.name = name;
        this.bootstrap = broker.bootstrapServers();
        this.jobs = "jobs." + name;
        this.results = "results." + name;
        this.agents = "agents." + name;
        this.state = "state." + name;
        this.leader = "leader." + name;
        this.aggregates = "aggregates." + name;
        this.dlq = "dlq." + name;
        broker.createTopics(TopicSpec.of(jobs, 4), TopicSpec.of(results, 3), TopicSpec.of(agents, 2).compacted(),
                TopicSpec.of(aggregates, 3), TopicSpec.of(dlq, 1));
    }

    /** The flags of replica {@code replica}; {@code overrides} replace or add flags. */
    Map<String, String> flags(String replica, String... overrides) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--cluster", name);
        flags.put("--replica-id", replica);
        flags.put("--kafka-bootstrap-servers", bootstrap);
        flags.put("--discovery", "registrations");
        flags.put("--leader-election", "kafka");
        flags.put("--jobs-topic", jobs);
        flags.put("--results-topic", results);
        flags.put("--agents-topic", agents);
        flags.put("--state-topic", state);
        flags.put("--leader-topic", leader);
        flags.put("--http-port", "0");
        flags.put("--round-interval-ms", "2000");
        flags.put("--peers-per-round", "1");
        flags.put("--latency-test-duration-ms", "1");
        flags.put("--bandwidth-test-duration-ms", "100");
        flags.put("--test-overhead-ms", "0");
        flags.put("--bandwidth-duty-cycle-percent", "50");
        flags.put("--jitter-percent", "50");
        flags.put("--deadline-grace-ms", "500");
        flags.put("--result-grace-ms", "1000");
        flags.put("--leader-timeout-ms", "3000");
        flags.put("--heartbeat-expiry-ms", "600000");
        flags.put("--kafka-timeout-ms", "15000");
        flags.put("--aggregates-topic", aggregates);
        flags.put("--dlq-topic", dlq);
        flags.put("--aggregation-advertised-address", "127.0.0.1");
        // Under the build directory, one per test cluster and replica, so no run sees another's stores.
        flags.put("--aggregation-state-dir", Path.of("target", "streams-state", name + "-" + STARTED, replica)
                .toAbsolutePath().toString());
        for (int i = 0; i < overrides.length; i += 2) {
            flags.put(overrides[i], overrides[i + 1]);
        }
        return flags;
    }

    CoordinatorService start(String replica, String... overrides) {
        CoordinatorService service = new CoordinatorService(CoordinatorConfig.from(flags(replica, overrides), Map.of()),
                Clock.systemUTC());
        service.start();
        return service;
    }

    FakeAgents agents(List<String> nodes) throws Exception {
        return new FakeAgents(bootstrap, name, jobs, results).start(agents, nodes);
    }

    List<MeasurementJob> publishedJobs() {
        return read(jobs, Codecs.MEASUREMENT_JOB::decode);
    }

    List<MeasurementResult> publishedResults() {
        return read(results, Codecs.MEASUREMENT_RESULT::decode);
    }

    List<Checkpoint> checkpoints() {
        return read(state, Checkpoint::decode);
    }

    /** Every committed record of a topic, decoded, partition by partition. */
    private <T> List<T> read(String topic, Function<byte[], T> decode) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() != null) {
                        out.add(decode.apply(r.value()));
                    }
                }
            }
        }
        return out;
    }
}
