package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.codec.RecordDecodeException;
import io.meshperf.schemas.settings.KafkaPassThrough;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back, at take-over, what earlier leaders published: the last checkpoint of the cluster
 * from the compacted state topic, and the jobs issued since the oldest job that was still open.
 * Only committed data is read ({@code isolation.level=read_committed}), so a batch an old leader
 * could not commit is invisible here too.
 *
 * <p>Threads: the caller's; each method blocks until it has read up to the end offsets it saw at
 * the start, bounded by the timeout. Failures are {@link IllegalStateException}s naming the topic.
 * No consumer group is used and nothing is committed.
 */
public final class TopicState {

    private static final Logger LOG = LoggerFactory.getLogger(TopicState.class);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Duration timeout;
    private final Clock clock;

    /** Reads with no pass-through client properties (a plaintext listener). */
    public TopicState(String bootstrapServers, Duration timeout, Clock clock) {
        this(bootstrapServers, Map.of(), timeout, clock);
    }

    /** @param clientProperties pass-through client properties (TLS, SASL) */
    public TopicState(String bootstrapServers, Map<String, String> clientProperties, Duration timeout, Clock clock) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The last checkpoint of {@code cluster} on {@code stateTopic}, if any. */
    public Optional<Checkpoint> checkpoint(String stateTopic, String cluster) {
        Checkpoint[] last = new Checkpoint[1];
        readAll(stateTopic, null, r -> {
            if (!cluster.equals(r.key())) {
                return;
            }
            if (r.value() == null) {
                last[0] = null;
                return;
            }
            try {
                last[0] = Checkpoint.decode(r.value());
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping unreadable checkpoint at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        });
        return Optional.ofNullable(last[0]);
    }

    /** The jobs of {@code cluster} on {@code jobsTopic} issued at or after {@code since}. */
    public List<MeasurementJob> jobsSince(String jobsTopic, String cluster, Instant since) {
        List<MeasurementJob> jobs = new ArrayList<>();
        readAll(jobsTopic, since, r -> {
            if (r.value() == null) {
                return;
            }
            try {
                MeasurementJob job = Codecs.MEASUREMENT_JOB.decode(r.value());
                // The seek by time can land on an earlier transaction's commit marker (stamped when it
                // committed), so older jobs may follow it; issuedAt is the leaders' own clock.
                if (cluster.equals(job.getCluster()) && !job.getIssuedAt().isBefore(since)) {
                    jobs.add(job);
                }
            } catch (RecordDecodeException e) {
                LOG.warn("Skipping undecodable job at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        });
        return jobs;
    }

    private void readAll(String topic, Instant since, Consumer<ConsumerRecord<String, byte[]>> sink) {
        Instant giveUp = clock.instant().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaPassThrough.withPassThrough(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "meshperf-coordinator-state-" + topic), clientProperties),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers);
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            seek(consumer, partitions, since, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!caughtUp(consumer, end)) {
                if (clock.instant().isAfter(giveUp)) {
                    throw new IllegalStateException("did not read " + topic + " up to " + end + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot read back " + topic + " from " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Positions {@code consumer} on each of {@code partitions} at the first record at or after
     * {@code since} (its end where there is none), or at the beginning when {@code since} is null.
     * Blocks for at most {@code timeout} on the broker.
     */
    static void seek(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant since,
                     Duration timeout) {
        if (since == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        List<TopicPartition> nothingNewer = new ArrayList<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            if (at == null) {
                nothingNewer.add(p);
            } else {
                consumer.seek(p, at.offset());
            }
        }
        if (!nothingNewer.isEmpty()) {
            // seekToEnd of an empty collection would move every assigned partition to its end.
            consumer.seekToEnd(nothingNewer);
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
