package io.meshperf.agent.results;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.ResultKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes result batches exactly once with a transactional producer: a job's results, any
 * dead-lettered records and the jobs offset after them are sent in one transaction
 * ({@code sendOffsetsToTransaction} under the agent's group id), so readers with
 * {@code isolation.level=read_committed} see each job's results once, even across a crash between
 * writing and committing. The transactional id is the agent's own, so a restarted agent fences its
 * previous incarnation and aborts what it left half done.
 *
 * <p>Broker failures are retried until the batch is durable or {@link #stopRetrying()} is called. A
 * commit that timed out is retried as such (Kafka's rule); any other failure closes the producer and
 * starts a new one. When a failure struck during the commit, whether the transaction made it is
 * unknown, so before resending, the group's committed offset (read with {@code requireStable}) says
 * whether the batch is already in. Only a fencing by another live instance gives up for good.
 *
 * <p>Called from one thread at a time; {@link #publish} blocks.
 */
public final class KafkaResultPublisher implements ResultPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaResultPublisher.class);
    private static final long RETRY_BACKOFF_MS = 1_000;

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final CommittedOffsets committed;
    private final String resultsTopic;
    private final String dlqTopic;
    private final String jobsTopic;
    private final String groupId;
    private final Duration timeout;
    private Producer<byte[], byte[]> producer;
    private boolean uncertain;
    private volatile boolean stopRetrying;

    /**
     * @param producers makes a transactional producer (transactional id, idempotence, acks=all set)
     * @param admins    makes an admin client, used only to settle an uncertain commit
     * @param groupId   the agent's group id, under which the jobs offsets are committed
     * @param timeout   bound of one blocking Kafka call before it is retried
     */
    public KafkaResultPublisher(Supplier<Producer<byte[], byte[]>> producers, Supplier<Admin> admins,
                                String resultsTopic, String dlqTopic, String jobsTopic, String groupId,
                                Duration timeout) {
        this(producers, adminReader(Objects.requireNonNull(admins, "admins"), groupId, timeout), resultsTopic, dlqTopic,
                jobsTopic, groupId, timeout);
    }

    /** With {@code committed} reading the group's committed offset (tests give their own). */
    KafkaResultPublisher(Supplier<Producer<byte[], byte[]>> producers, CommittedOffsets committed, String resultsTopic,
                         String dlqTopic, String jobsTopic, String groupId, Duration timeout) {
        this.producers = Objects.requireNonNull(producers, "producers");
        this.committed = Objects.requireNonNull(committed, "committed");
        this.resultsTopic = Objects.requireNonNull(resultsTopic, "resultsTopic");
        this.dlqTopic = Objects.requireNonNull(dlqTopic, "dlqTopic");
        this.jobsTopic = Objects.requireNonNull(jobsTopic, "jobsTopic");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public synchronized void publish(ResultBatch batch) throws PublishException {
        TopicPartition tp = new TopicPartition(jobsTopic, batch.jobsPartition());
        int attempt = 0;
        while (true) {
            attempt++;
            boolean committing = false;
            try {
                if (producer == null) {
                    producer = producers.get();
                    producer.initTransactions();
                }
                if (uncertain) {
                    // initTransactions has settled the previous transaction one way or the other.
                    long done = committed.of(tp);
                    uncertain = false;
                    if (done >= batch.nextOffset()) {
                        LOG.info("batch up to offset {} of {} was committed before the failure", batch.nextOffset(), tp);
                        return;
                    }
                }
                producer.beginTransaction();
                for (MeasurementResult r : batch.results()) {
                    producer.send(new ProducerRecord<>(resultsTopic, bytes(ResultKey.of(r).toString()),
                            Codecs.MEASUREMENT_RESULT.encode(r)));
                }
                for (DeadLetter d : batch.deadLetters()) {
                    producer.send(deadLetter(d));
                }
                producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(batch.nextOffset())),
                        new ConsumerGroupMetadata(groupId));
                committing = true;
                commit();
                if (attempt > 1) {
                    LOG.info("batch up to offset {} of {} published after {} attempts", batch.nextOffset(), tp, attempt);
                }
                return;
            } catch (ProducerFencedException e) {
                closeProducer();
                throw new PublishException("another agent with the transactional id of this one took over", e);
            } catch (KafkaException e) {
                uncertain = uncertain || committing;
                closeProducer();
                if (stopRetrying) {
                    throw new PublishException("gave up publishing up to offset " + batch.nextOffset() + " of " + tp
                            + " because the agent is stopping: " + e, e);
                }
                LOG.warn("publishing up to offset {} of {} failed (attempt {}), retrying: {}", batch.nextOffset(), tp,
                        attempt, e.toString());
                backoff();
            }
        }
    }

    /** Commits; a timed-out commit must be retried as a commit (the transaction may already be decided). */
    private void commit() {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (stopRetrying) {
                    throw e;
                }
                LOG.warn("committing results timed out, retrying the commit: {}", e.toString());
            }
        }
    }

    /** The offset committed under the agent's group for a partition, -1 if none; may throw KafkaException. */
    @FunctionalInterface
    interface CommittedOffsets {
        long of(TopicPartition tp);
    }

    /** Reads committed offsets with a short-lived admin client, waiting for pending transactions. */
    private static CommittedOffsets adminReader(Supplier<Admin> admins, String groupId, Duration timeout) {
        return tp -> {
            try (Admin admin = admins.get()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                        Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(tp))),
                        new ListConsumerGroupOffsetsOptions().requireStable(true))
                        .partitionsToOffsetAndMetadata(groupId)
                        .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                OffsetAndMetadata o = offsets.get(tp);
                return o == null ? -1 : o.offset();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TimeoutException("reading the committed offset of " + tp + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
            }
        };
    }

    private ProducerRecord<byte[], byte[]> deadLetter(DeadLetter d) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(dlqTopic, d.key(), d.value());
        r.headers().add(new RecordHeader(DeadLetterHeaders.SOURCE_TOPIC, bytes(d.topic())));
        r.headers().add(new RecordHeader(DeadLetterHeaders.SOURCE_PARTITION, bytes(Integer.toString(d.partition()))));
        r.headers().add(new RecordHeader(DeadLetterHeaders.SOURCE_OFFSET, bytes(Long.toString(d.offset()))));
        r.headers().add(new RecordHeader(DeadLetterHeaders.REASON, bytes(d.reason())));
        return r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void backoff() throws PublishException {
        try {
            Thread.sleep(RETRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while retrying", e);
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("closing the failed results producer: {}", e.toString());
            }
            producer = null;
        }
    }

    @Override
    public void stopRetrying() {
        stopRetrying = true;
    }

    /** Gives up any retry in progress, then closes the producer, waiting up to the Kafka timeout. */
    @Override
    public void close() {
        stopRetrying = true;
        synchronized (this) {
            if (producer != null) {
                producer.close(timeout);
                producer = null;
            }
        }
    }
}
