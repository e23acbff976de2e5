package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.ResultKey;
import io.meshperf.schemas.settings.KafkaPassThrough;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobPublisher} on a transactional Kafka producer (idempotent, {@code acks=all}).
 *
 * <p>Every replica of one cluster uses the same {@code transactional.id},
 * {@code meshperf-coordinator.<cluster>}. {@link #open()} calls {@code initTransactions}, which
 * bumps the producer epoch: the broker aborts a transaction the previous leader left open and
 * rejects anything that leader sends afterwards ({@link ProducerFencedException}). That is Kafka's
 * zombie fencing, and it is what makes "exactly one publishes" hold even when a paused leader has
 * not yet noticed that it lost the election. Each batch is one transaction: jobs keyed by source
 * agent id, stand-in results keyed {@code cluster/path/srcNode/dstNode}, and the checkpoint keyed
 * by cluster on the state topic.
 *
 * <p>Threads: the caller's (the coordinator thread); every call blocks up to the Kafka timeout.
 * After any failed publish the caller closes this instance and opens a new one (re-reading the
 * state from the topics), because a producer whose transaction failed may be unusable.
 */
public final class KafkaJobPublisher implements JobPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobPublisher.class);

    private final Map<String, Object> producerConfig;
    private final String jobsTopic;
    private final String resultsTopic;
    private final String stateTopic;
    private final Duration timeout;
    private KafkaProducer<String, byte[]> producer;

    /**
     * A publisher with no pass-through client properties (a plaintext listener).
     */
    public KafkaJobPublisher(String bootstrapServers, String cluster, String replicaId, String jobsTopic,
                             String resultsTopic, String stateTopic, Duration timeout) {
        this(bootstrapServers, Map.of(), cluster, replicaId, jobsTopic, resultsTopic, stateTopic, timeout);
    }

    /**
     * @param bootstrapServers Kafka brokers
     * @param clientProperties pass-through client properties (TLS, SASL), over the tuning set here
     * @param cluster          the cluster; names the transactional id
     * @param replicaId        this replica, for the client id
     * @param timeout          bound on each blocking call
     */
    public KafkaJobPublisher(String bootstrapServers, Map<String, String> clientProperties, String cluster,
                             String replicaId, String jobsTopic, String resultsTopic, String stateTopic,
                             Duration timeout) {
        this.jobsTopic = Objects.requireNonNull(jobsTopic, "jobsTopic");
        this.resultsTopic = Objects.requireNonNull(resultsTopic, "resultsTopic");
        this.stateTopic = Objects.requireNonNull(stateTopic, "stateTopic");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.producerConfig = KafkaPassThrough.withPassThrough(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "meshperf-coordinator-publisher-" + replicaId,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(cluster),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                // delivery.timeout.ms must cover linger.ms + request.timeout.ms
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis() / 2, 30_000L),
                ProducerConfig.LINGER_MS_CONFIG, 5), clientProperties);
    }

    /** The transactional id shared by every coordinator replica of {@code cluster}. */
    public static String transactionalId(String cluster) {
        return "meshperf-coordinator." + cluster;
    }

    @Override
    public void open() {
        if (producer != null) {
            throw new IllegalStateException("publisher already open");
        }
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
        try {
            p.initTransactions();
        } catch (KafkaException e) {
            p.close(Duration.ZERO);
            throw new PublishException("cannot claim publishing as " + producerConfig.get(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG) + " on " + producerConfig.get(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(), e);
        }
        producer = p;
        LOG.info("Publishing claimed as transactional id {}", producerConfig.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    @Override
    public void publish(PublishBatch batch) {
        Objects.requireNonNull(batch, "batch");
        if (producer == null) {
            throw new IllegalStateException("publisher is not open");
        }
        try {
            producer.beginTransaction();
            for (MeasurementJob job : batch.jobs()) {
                producer.send(new ProducerRecord<>(jobsTopic, null, job.getIssuedAt().toEpochMilli(),
                        job.getSource().getAgentId(), Codecs.MEASUREMENT_JOB.encode(job)));
            }
            for (MeasurementResult result : batch.results()) {
                producer.send(new ProducerRecord<>(resultsTopic, ResultKey.of(result).toString(),
                        Codecs.MEASUREMENT_RESULT.encode(result)));
            }
            producer.send(new ProducerRecord<>(stateTopic, batch.checkpoint().cluster(), batch.checkpoint().encode()));
            // commitTransaction flushes every send and fails if any of them failed.
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            closeQuietly();
            throw new PublisherFencedException("another coordinator replica claimed publishing for "
                    + batch.checkpoint().cluster() + ": " + e.getMessage(), e);
        } catch (KafkaException e) {
            abort(e);
            throw new PublishException("publishing " + batch.jobs().size() + " jobs and " + batch.results().size()
                    + " results failed and was rolled back: " + e.getMessage(), e);
        }
    }

    private void abort(KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            closeQuietly();
            throw new PublisherFencedException("fenced while rolling back after: " + cause.getMessage(), e);
        } catch (KafkaException e) {
            // The producer is unusable (e.g. a fatal error); close it so the next open() starts clean.
            LOG.warn("Rolling back the failed transaction failed too; closing the producer", e);
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (producer != null) {
            KafkaProducer<String, byte[]> p = producer;
            producer = null;
            try {
                p.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.warn("Closing the fenced producer failed", e);
            }
        }
    }

    /** True while open and not fenced. */
    public boolean isOpen() {
        return producer != null;
    }

    @Override
    public void close() {
        if (producer != null) {
            KafkaProducer<String, byte[]> p = producer;
            producer = null;
            p.close(timeout);
        }
    }
}
