package io.meshperf.agent.jobs;

import io.meshperf.agent.results.DeadLetter;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.codec.RecordDecodeException;
import io.meshperf.schemas.keys.ResultKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the agent's jobs from its own partition of the jobs topic without joining a consumer group:
 * computes the partition of its agent id as Kafka's default partitioner does ({@link JobPartition}),
 * {@code assign()}s only that one, resumes from the offset committed under the agent's own group id
 * (or the configured reset), and hands every record, in order, to the measurement thread as
 * {@link Work}: its own jobs, other agents' records passed over, undecodable ones for the dead-letter
 * topic. It never commits: offsets are committed with the results, by the publisher.
 *
 * <p>Runs on one named platform thread that owns the consumer. Broker outages are retried forever
 * (the consumer reconnects by itself); a change of the partition count makes the feed stop and report
 * itself unhealthy, because the agent's jobs then land in another partition (a restart picks it up).
 */
public final class KafkaJobFeed implements JobFeed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long PARTITION_CHECK_INTERVAL_MS = 60_000;
    private static final long RETRY_BACKOFF_MS = 1_000;

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;
    private final String agentId;
    private final BlockingQueue<Work> queue;
    private final OffsetTracker offsets;
    private final Duration timeout;
    private final Thread thread;
    private final AtomicLong endOffset = new AtomicLong(-1);
    private volatile boolean stopping;
    private volatile boolean consuming;
    private volatile String failure;
    private volatile Consumer<String, byte[]> live;

    /**
     * @param consumers makes the consumer (configured with the agent's group id, no auto commit,
     *                  read_committed), called once on the feed's thread
     * @param queue     bounded hand-off to the measurement thread; a full queue holds the feed back
     * @param offsets   where the measurement thread's committed position is tracked
     * @param timeout   bound of each blocking consumer call (metadata, committed offsets)
     */
    public KafkaJobFeed(Supplier<Consumer<String, byte[]>> consumers, String topic, String agentId,
                        BlockingQueue<Work> queue, OffsetTracker offsets, Duration timeout) {
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.thread = new Thread(this::run, "meshperf-agent-jobs");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public boolean consuming() {
        return consuming && failure == null;
    }

    /** Why the feed stopped on its own, if it did (the agent then reports itself unhealthy). */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public OptionalLong lag() {
        long end = endOffset.get();
        long next = offsets.committedNext();
        return end < 0 || next < 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, end - next));
    }

    private void run() {
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            live = consumer;
            TopicPartition tp = null;
            int partitions = 0;
            long nextCheck = 0;
            boolean retrying = false;
            while (!stopping) {
                try {
                    if (tp == null) {
                        partitions = partitionCount(consumer);
                        TopicPartition mine = new TopicPartition(topic, JobPartition.of(agentId, partitions));
                        // Only a partition positioned at its committed offset counts as taken.
                        position(consumer, mine);
                        tp = mine;
                        nextCheck = System.currentTimeMillis() + PARTITION_CHECK_INTERVAL_MS;
                    } else if (System.currentTimeMillis() >= nextCheck) {
                        int now = partitionCount(consumer);
                        nextCheck = System.currentTimeMillis() + PARTITION_CHECK_INTERVAL_MS;
                        if (now != partitions) {
                            failure = "topic " + topic + " went from " + partitions + " to " + now
                                    + " partitions; this agent's jobs now go to partition "
                                    + JobPartition.of(agentId, now) + ", restart to follow them";
                            LOG.error("{}", failure);
                            return;
                        }
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, byte[]> r : records) {
                        if (!handOff(toWork(r))) {
                            return;
                        }
                    }
                    OptionalLong lag = consumer.currentLag(tp);
                    if (lag.isPresent()) {
                        endOffset.set(consumer.position(tp) + lag.getAsLong());
                    }
                } catch (WakeupException e) {
                    if (!stopping) {
                        throw e;
                    }
                } catch (RetriableException e) {
                    // Warn once per outage, not once a second.
                    if (!retrying) {
                        LOG.warn("reading jobs from {} failed, retrying every {} ms: {}", topic, RETRY_BACKOFF_MS,
                                e.toString());
                    }
                    retrying = true;
                    pause();
                    continue;
                }
                if (retrying) {
                    retrying = false;
                    LOG.info("reading jobs from {} again", topic);
                }
            }
        } catch (KafkaException e) {
            if (stopping && e instanceof WakeupException) {
                return;
            }
            failure = "jobs consumer failed: " + e;
            LOG.error("jobs consumer for {} failed; the agent takes no more jobs", topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consuming = false;
        }
    }

    private int partitionCount(Consumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new org.apache.kafka.common.errors.UnknownTopicOrPartitionException("topic " + topic
                    + " does not exist (yet)");
        }
        return infos.size();
    }

    /** Assigns {@code tp} and starts at the committed offset, or where the reset policy says. */
    private void position(Consumer<String, byte[]> consumer, TopicPartition tp) {
        consumer.assign(Set.of(tp));
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(tp), timeout);
        OffsetAndMetadata c = committed.get(tp);
        if (c != null) {
            consumer.seek(tp, c.offset());
        }
        long start = consumer.position(tp, timeout);
        offsets.start(tp.partition(), start);
        consuming = true;
        LOG.info("taking jobs for {} from {} at offset {} ({})", agentId, tp, start,
                c != null ? "committed" : "no committed offset, reset policy");
    }

    Work toWork(ConsumerRecord<String, byte[]> r) {
        if (!agentId.equals(r.key())) {
            return new Work.Foreign(r.offset());
        }
        byte[] keyBytes = r.key().getBytes(StandardCharsets.UTF_8);
        MeasurementJob job;
        try {
            job = Codecs.MEASUREMENT_JOB.decode(r.value());
        } catch (RecordDecodeException e) {
            return dead(r, keyBytes, e.reason() + ": " + e.getMessage());
        }
        String source = job.getSource().getAgentId();
        if (!agentId.equals(source)) {
            return dead(r, keyBytes, "job " + job.getJobId() + " is keyed for " + agentId + " but names source "
                    + source);
        }
        try {
            // A job whose results could not be keyed would fail at publishing, again after every restart.
            new ResultKey(job.getCluster(), job.getPath(), job.getSource().getNode(),
                    ResultKey.destination(job.getTarget()));
        } catch (IllegalArgumentException e) {
            return dead(r, keyBytes, "job " + job.getJobId() + " cannot be answered: " + e.getMessage());
        }
        return new Work.Job(job, r.offset());
    }

    private Work dead(ConsumerRecord<String, byte[]> r, byte[] key, String reason) {
        LOG.warn("job record {}-{}@{} cannot be run, moving it to the dead-letter topic: {}", r.topic(),
                r.partition(), r.offset(), reason);
        return new Work.Undecodable(new DeadLetter(key, r.value(), r.topic(), r.partition(), r.offset(), reason));
    }

    private boolean handOff(Work w) throws InterruptedException {
        while (!stopping) {
            if (queue.offer(w, 200, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public void stop() {
        stopping = true;
        Consumer<String, byte[]> c = live;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(timeout.toMillis() + POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("jobs consumer thread did not end in time");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
