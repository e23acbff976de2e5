package io.meshperf.coordinator.leader;

import io.meshperf.schemas.settings.KafkaPassThrough;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election that needs nothing but Kafka: every replica joins the consumer group
 * {@code meshperf-coordinator-leader.<cluster>} on a topic with exactly one partition, and the
 * member the group coordinator assigns that partition to is the leader. Kafka's group protocol does
 * the election; the session timeout is the failover time after a leader dies without a goodbye,
 * and a clean {@link #close()} leaves the group so another member takes over at once. Nothing is
 * ever written to or read from the topic.
 *
 * <p>Threads: one dedicated platform thread, {@code meshperf-leader-election}, polls the consumer
 * (which keeps the membership alive) and calls the listener from the rebalance callbacks. Consumer
 * errors are logged and the poll is retried; leadership is revoked first, so a replica that cannot
 * reach Kafka does not believe it leads.
 */
public final class KafkaLeaderElection implements LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLeaderElection.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final String replicaId;
    private volatile boolean leader;
    private volatile boolean running;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private Listener listener;

    /**
     * @param sessionTimeout how long a silent leader keeps leadership (the failover time); at
     *                       least the broker's {@code group.min.session.timeout.ms}
     * @param clientProperties pass-through client properties (TLS, SASL)
     */
    public KafkaLeaderElection(String bootstrapServers, Map<String, String> clientProperties, String topic,
                               String cluster, String replicaId, Duration sessionTimeout) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
        int session = (int) sessionTimeout.toMillis();
        this.consumerConfig = KafkaPassThrough.withPassThrough(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId(cluster),
                ConsumerConfig.CLIENT_ID_CONFIG, "meshperf-coordinator-leader-" + replicaId,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, session / 5),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Cooperative rebalancing: a follower joining does not take the partition away from
                // the leader for a moment (the eager protocol revokes everything on every rebalance).
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), clientProperties);
    }

    /** The consumer group whose partition owner leads {@code cluster}. */
    public static String groupId(String cluster) {
        return "meshperf-coordinator-leader." + cluster;
    }

    /**
     * Joins the group. Blocks for one metadata look-up.
     *
     * @throws IllegalStateException when the topic is missing or has more than one partition
     */
    @Override
    public synchronized void start(Listener newListener) {
        if (thread != null) {
            throw new IllegalStateException("start() may be called once");
        }
        listener = Objects.requireNonNull(newListener, "listener");
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        checkOnePartition();
        running = true;
        thread = new Thread(this::loop, "meshperf-leader-election");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * With more than one partition, several members would each hold one and all think they lead.
     * A topic created a moment ago may not be in the metadata yet, so an empty answer is asked again
     * until the metadata timeout.
     */
    private void checkOnePartition() {
        long giveUp = System.nanoTime() + METADATA_TIMEOUT.toNanos();
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            while ((partitions == null || partitions.isEmpty()) && System.nanoTime() < giveUp) {
                Thread.sleep(100);
                partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            }
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("cannot look up leader election topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("interrupted while looking up leader election topic " + topic, e);
        }
        if (partitions == null || partitions.size() != 1) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("leader election topic " + topic + " must exist with exactly one partition,"
                    + " found " + (partitions == null ? 0 : partitions.size()));
        }
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warn("Leader election poll on {} failed; retrying: {}", topic, e.getMessage());
                    lose("poll failed");
                }
            }
        } finally {
            lose("closing");
            // close() leaves the group: the next member is assigned the partition without waiting
            // for the session timeout.
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && !leader) {
                leader = true;
                LOG.info("Replica {} is now the leader ({} assigned)", replicaId, partitions);
                listener.elected();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                lose("partition revoked");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lose("membership lost");
        }
    }

    private void lose(String why) {
        if (leader) {
            leader = false;
            LOG.info("Replica {} is no longer the leader: {}", replicaId, why);
            listener.revoked();
        }
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread == null) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
