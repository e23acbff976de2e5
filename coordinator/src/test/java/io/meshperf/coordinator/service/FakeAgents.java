package io.meshperf.coordinator.service;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.ResultOrigin;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.ResultKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test double of the probe agents of one cluster (the real agent is a separate component): it
 * registers one host-network agent per node on the agents topic, reads every job of the cluster
 * from the jobs topic, and answers the jobs of the nodes that are not silent at once with an OK
 * result per test, as an agent would after running them. It measures nothing. Records each job
 * and when its results were written, for the tests' checks.
 *
 * <p>Threads: one reader thread, {@code fake-agents}; the accessors are thread-safe.
 */
final class FakeAgents implements AutoCloseable {

    /** A job as the fake agents saw it, and when they answered it (null when silent). */
    record Seen(MeasurementJob job, Instant answeredAt) {
    }

    private final String cluster;
    private final String resultsTopic;
    private final Set<String> silentNodes = ConcurrentHashMap.newKeySet();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private final Thread thread;

    FakeAgents(String bootstrap, String cluster, String jobsTopic, String resultsTopic) {
        this.cluster = cluster;
        this.resultsTopic = resultsTopic;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(jobsTopic).stream()
                .map(p -> new TopicPartition(jobsTopic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "fake-agents");
    }

    /** Registers a host-network agent on each node on {@code agentsTopic} and starts answering. */
    FakeAgents start(String agentsTopic, List<String> nodes) throws ExecutionException, InterruptedException {
        for (String node : nodes) {
            register(agentsTopic, node);
        }
        thread.start();
        return this;
    }

    /** Starts answering without registering: the agents are discovered some other way (Kubernetes). */
    FakeAgents start() {
        thread.start();
        return this;
    }

    void register(String agentsTopic, String node) throws ExecutionException, InterruptedException {
        Instant now = Instant.now();
        AgentInfo info = AgentInfo.newBuilder()
                .setAgentId(cluster + "/" + node + "/host").setCluster(cluster).setNode(node)
                .setNodeIp("127.0.0.1").setNetwork(Network.HOST).setQperfPort(19765).setVersion("fake")
                .setStartedAt(now).setLastHeartbeat(now).build();
        producer.send(new ProducerRecord<>(agentsTopic, info.getAgentId(), Codecs.AGENT_INFO.encode(info))).get();
    }

    /** Writes the tombstone a cleanly stopping agent writes: the node leaves the target set. */
    void deregister(String agentsTopic, String node) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(agentsTopic, cluster + "/" + node + "/host", null)).get();
    }

    /** From now on the agent on {@code node} reads its jobs but never answers. */
    void silence(String node) {
        silentNodes.add(node);
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    MeasurementJob job = Codecs.MEASUREMENT_JOB.decode(r.value());
                    if (!cluster.equals(job.getCluster())) {
                        continue;
                    }
                    if (silentNodes.contains(job.getSource().getNode())) {
                        seen.add(new Seen(job, null));
                    } else {
                        answer(job);
                        seen.add(new Seen(job, Instant.now()));
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked the loop to end.
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void answer(MeasurementJob job) {
        Instant now = Instant.now();
        for (TestType test : job.getTests()) {
            MeasurementResult result = MeasurementResult.newBuilder()
                    .setJobId(job.getJobId()).setCluster(job.getCluster()).setPath(job.getPath()).setTest(test)
                    .setStatus(Status.OK).setOrigin(ResultOrigin.AGENT).setSource(job.getSource())
                    .setTarget(job.getTarget()).setProtocolMode(job.getProtocolMode()).setStartedAt(now)
                    .setEndedAt(now).setDurationSec(1).setMessageSizeBytes(1).setAgentVersion("fake").build();
            producer.send(new ProducerRecord<>(resultsTopic, ResultKey.of(result).toString(),
                    Codecs.MEASUREMENT_RESULT.encode(result)));
        }
        producer.flush();
    }

    /** Every job seen so far, in order. */
    List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(10_000);
        } else {
            consumer.close(Duration.ZERO);
        }
        producer.close(Duration.ofSeconds(5));
    }
}
