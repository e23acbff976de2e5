package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.codec.RecordDecodeException;
import io.meshperf.schemas.settings.KafkaPassThrough;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code meshperf.results} for the leader, so it can close jobs as their results arrive.
 *
 * <p>Threads: one dedicated platform thread, {@code meshperf-results-reader}, owns the consumer. It
 * assigns itself every partition (no group: every leader reads everything, and nothing needs
 * committing because a new leader replays from its checkpoint), starts at the first record
 * timestamped at or after the given instant, reads only committed data, and hands each poll's
 * results of this cluster to the {@link Sink} on that thread, with a flag that says whether the
 * reader has reached the end offsets it saw at start (so stand-in TIMEOUTs wait for the replay);
 * the first call with the flag set may carry no results.
 * Undecodable records are counted and skipped: routing them to the dead-letter topic is the
 * aggregation's job. Consumer errors are logged and retried after a short pause; only
 * {@link #close()} ends the thread.
 */
public final class KafkaResultsReader implements ResultsFeed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaResultsReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String cluster;
    private final Duration timeout;
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    /** @param clientProperties pass-through client properties (TLS, SASL) */
    public KafkaResultsReader(String bootstrapServers, Map<String, String> clientProperties, String topic,
                              String cluster, String replicaId, Duration timeout) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.consumer = new KafkaConsumer<>(KafkaPassThrough.withPassThrough(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "meshperf-coordinator-results-" + replicaId), clientProperties),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Positions the consumer at {@code since} and starts the reader thread. Blocks for the
     * metadata look-ups (bounded by the timeout).
     *
     * @throws IllegalStateException naming the topic when it does not exist or cannot be read
     */
    @Override
    public synchronized void start(Instant since, Sink sink) {
        Objects.requireNonNull(sink, "sink");
        if (thread != null) {
            throw new IllegalStateException("start() may be called once");
        }
        Map<TopicPartition, Long> end;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            TopicState.seek(consumer, partitions, Objects.requireNonNull(since, "since"), timeout);
            end = consumer.endOffsets(partitions, timeout);
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("cannot read " + topic + ": " + e.getMessage(), e);
        }
        running = true;
        thread = new Thread(() -> loop(end, sink), "meshperf-results-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Map<TopicPartition, Long> end, Sink sink) {
        boolean caughtUp = false;
        boolean announced = false;
        try {
            while (running) {
                List<ResultSeen> batch = new ArrayList<>();
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        decode(r, batch);
                    }
                    caughtUp = caughtUp || reached(end);
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warn("Reading {} failed; retrying: {}", topic, e.getMessage());
                    pause();
                    continue;
                }
                if (!batch.isEmpty() || (caughtUp && !announced)) {
                    announced = caughtUp;
                    sink.accept(batch, caughtUp);
                }
            }
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void decode(ConsumerRecord<String, byte[]> r, List<ResultSeen> batch) {
        if (r.value() == null) {
            return;
        }
        try {
            MeasurementResult result = Codecs.MEASUREMENT_RESULT.decode(r.value());
            if (cluster.equals(result.getCluster())) {
                batch.add(new ResultSeen(result.getJobId(), result.getTest(), result.getStatus(), result.getOrigin()));
            }
        } catch (RecordDecodeException e) {
            undecodable.incrementAndGet();
            LOG.debug("Skipping undecodable result at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Results skipped because they could not be decoded. */
    public long undecodable() {
        return undecodable.get();
    }

    /** Stops the thread and closes the consumer; blocks until the thread is gone (bounded by the timeout). */
    @Override
    public synchronized void close() {
        running = false;
        if (thread == null) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
