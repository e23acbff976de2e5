package io.meshperf.coordinator.discovery.registration;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TargetSource;
import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.codec.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the measurement targets outside Kubernetes (bare hosts, the one-machine lab) from the
 * agents' own registrations on the compacted {@code meshperf.agents} topic, plus an optional
 * configured Service address.
 *
 * <p>Threads: one dedicated platform thread, {@code meshperf-registration-reader}, owns the Kafka
 * consumer. It assigns itself every partition (no consumer group, nothing committed: the compacted
 * topic is re-read from the beginning at every start), applies registrations and tombstones, drops
 * agents whose last heartbeat is older than the expiry by the injected {@link Clock} after every
 * poll, and when the resulting {@link TargetSet} differs from the current one publishes it and
 * calls the listeners on the same thread, in order. Listeners must not block: they would stall
 * discovery and expiry.
 *
 * <p>Failures: a record that cannot be decoded, or whose registration is inconsistent, is logged
 * with its topic, partition and offset and skipped. Errors from the consumer are logged and retried
 * after a pause of one poll timeout; nothing but {@link #close()} ends the thread.
 */
public final class RegistrationTargetSource implements TargetSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationTargetSource.class);

    private final RegistrationDiscoveryConfig config;
    private final Clock clock;
    private final Map<String, String> clientProperties;
    private final AgentRegistry registry;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile TargetSet current;
    private volatile boolean running;
    private volatile RuntimeException lastError;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;

    public RegistrationTargetSource(RegistrationDiscoveryConfig config, Clock clock) {
        this(config, Map.of(), clock);
    }

    /** @param clientProperties pass-through Kafka client properties (TLS, SASL) for the consumer */
    public RegistrationTargetSource(RegistrationDiscoveryConfig config, Map<String, String> clientProperties,
                                    Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientProperties = Map.copyOf(clientProperties);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = new AgentRegistry(config.clusterName(), config.heartbeatExpiry());
        this.current = TargetSet.empty(config.clusterName());
    }

    /**
     * Starts the reader thread and blocks until it has read the topic up to the end it had when
     * this was called, so {@link #current()} then reflects every registration already there.
     *
     * @throws IllegalStateException naming the topic and broker if the topic does not exist, the
     *                               broker cannot be reached, or the topic could not be read up to
     *                               its end within the start timeout; the reader is stopped again;
     *                               also if called twice
     */
    public synchronized void start() {
        if (consumer != null) {
            throw new IllegalStateException("start() may be called once");
        }
        consumer = new KafkaConsumer<>(consumerProperties());
        Map<TopicPartition, Long> endOffsets;
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(config.topic(), config.startTimeout());
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + config.topic() + " does not exist on "
                        + config.bootstrapServers() + "; create it compacted (cleanup.policy=compact)");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            endOffsets = consumer.endOffsets(assigned, config.startTimeout());
        } catch (KafkaException e) {
            consumer.close();
            throw new IllegalStateException("cannot read topic " + config.topic() + " on "
                    + config.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        running = true;
        reader = new Thread(() -> readLoop(endOffsets), "meshperf-registration-reader");
        reader.start();
        awaitCaughtUp(endOffsets);
        LOG.info("Registration discovery of cluster {} started from {}: {}", config.clusterName(),
                config.topic(), current);
    }

    private void awaitCaughtUp(Map<TopicPartition, Long> endOffsets) {
        try {
            caughtUp.get(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            RuntimeException error = lastError;
            throw new IllegalStateException("did not read topic " + config.topic() + " up to its end offsets "
                    + endOffsets + " within " + config.startTimeout()
                    + (error == null ? "" : " (last error: " + error + ")"), error == null ? e : error);
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException("reading topic " + config.topic() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while reading topic " + config.topic(), e);
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshperf-coordinator-registrations-" + config.clusterName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A topic created by a metadata request would not be compacted; deploy creates it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Decoded here, record by record, so one bad value is skipped instead of failing poll().
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(clientProperties);
        return props;
    }

    /** The reader thread's whole life: only {@link #close()} ends it. */
    private void readLoop(Map<TopicPartition, Long> endOffsets) {
        try {
            while (running) {
                try {
                    step(endOffsets);
                } catch (WakeupException e) {
                    LOG.debug("Registration reader woken up; running={}", running);
                } catch (RuntimeException e) {
                    lastError = e;
                    LOG.error("Reading {} failed; retrying in {}", config.topic(), config.pollTimeout(), e);
                    pause();
                }
            }
        } finally {
            consumer.close();
            LOG.info("Registration reader of {} stopped", config.topic());
        }
    }

    private void step(Map<TopicPartition, Long> endOffsets) {
        pollOnce();
        if (caughtUp.isDone()) {
            publish();
        } else if (reachedEnd(endOffsets)) {
            publish();
            caughtUp.complete(null);
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(config.pollTimeout())) {
            apply(record);
        }
        List<String> expired = registry.expire(clock.instant());
        if (!expired.isEmpty()) {
            // Replaying the topic at start finds every agent that died without a tombstone: not news.
            if (caughtUp.isDone()) {
                LOG.info("Agents expired, no heartbeat for more than {}: {}", config.heartbeatExpiry(), expired);
            } else {
                LOG.debug("Registrations already expired at start: {}", expired);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            AgentInfo value = record.value() == null ? null : Codecs.AGENT_INFO.decode(record.value());
            if (registry.apply(key, value) && value == null && caughtUp.isDone()) {
                LOG.info("Agent {} stopped (tombstone)", key);
            }
        } catch (RecordDecodeException | IllegalArgumentException e) {
            LOG.warn("Skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private boolean reachedEnd(Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void publish() {
        TargetSet next = RegistrationTargets.assemble(config.clusterName(), registry.agents(),
                config.serviceAddress());
        if (next.equals(current)) {
            return;
        }
        current = next;
        LOG.info("Targets of cluster {} changed: {}", config.clusterName(), next);
        for (Listener listener : listeners) {
            try {
                listener.onChange(next);
            } catch (RuntimeException e) {
                LOG.error("Target set listener {} failed on {}", listener, next, e);
            }
        }
    }

    /** Waits one poll timeout, or less if {@link #close()} is called meanwhile. */
    private void pause() {
        try {
            stopping.await(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public TargetSet current() {
        return current;
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Stops the reader thread and closes the consumer; blocks until the thread has ended (at most
     * about one poll timeout plus the consumer's close). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (reader == null) {
            return;
        }
        running = false;
        stopping.countDown();
        consumer.wakeup();
        try {
            reader.join(config.pollTimeout().toMillis() + 30_000);
            if (reader.isAlive()) {
                LOG.warn("Registration reader still running after close (a listener blocks?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
