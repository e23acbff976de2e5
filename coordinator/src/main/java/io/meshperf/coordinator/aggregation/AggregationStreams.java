package io.meshperf.coordinator.aggregation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AggregationTopology} with Kafka Streams, exactly once ({@code exactly_once_v2}:
 * a restart or rebalance neither loses nor double-counts a result), and serves its window stores
 * to queries through {@link #reader()}. Replicas with the same application id share the results
 * partitions; each replica's reader sees the partitions it hosts.
 *
 * <p>Kafka Streams runs on its own named threads ({@code <application id>-StreamThread-n});
 * {@link #start()} returns at once and its stage completes on a Kafka Streams thread when the
 * instance is running, or fails if it stops first. {@link #close(Duration)} blocks up to the timeout.
 */
public final class AggregationStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AggregationStreams.class);

    private final AggregationSettings settings;
    private final KafkaStreams streams;
    private final Properties properties;
    private final CompletableFuture<Void> running = new CompletableFuture<>();

    /**
     * A stopped instance; {@code properties} come from {@link #properties} plus any overrides.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a bad property
     */
    public AggregationStreams(AggregationSettings settings, Properties properties) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.properties = (Properties) properties.clone();
        this.streams = new KafkaStreams(AggregationTopology.build(settings), properties);
        streams.setStateListener((now, before) -> {
            LOG.info("Aggregation streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.complete(null);
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                running.completeExceptionally(new IllegalStateException("aggregation streams stopped in state " + now
                        + " before running"));
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Aggregation stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * The properties the aggregation runs with: exactly-once v2, String keys, RocksDB state under
     * {@code stateDir}, {@code threads} stream threads, commits (and store cache flushes) every
     * {@code commitInterval}.
     */
    public static Properties properties(String bootstrapServers, String applicationId, Path stateDir, int threads,
                                        Duration commitInterval) {
        if (threads < 1) {
            throw new IllegalArgumentException("stream threads must be at least 1, got " + threads);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, Objects.requireNonNull(applicationId, "applicationId"));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        // One broker in the lab and tests; production topics set their own replication.
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Kafka 5.0's default, taken now: the topology has no global store, so nothing changes but the
        // warning Kafka 4.x prints at every start while the old default is in force.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }

    /** Starts Kafka Streams; the stage completes when it is running. Call once. */
    public CompletionStage<Void> start() {
        streams.start();
        return running;
    }

    /** The stores of this instance, for queries (blocks on RocksDB reads; not for an event loop). */
    public PairWindowReader reader() {
        return new WindowStoreReader(settings.windows(), name -> streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, PairWindow>windowStore())));
    }

    /**
     * The other instances of this application (other coordinator replicas), as each declared itself
     * in {@code application.server}; empty when this instance declared none or runs alone.
     */
    public List<HostInfo> otherInstances() {
        Object self = properties.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return streams.metadataForAllStreamsClients().stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !HostInfo.unavailable().equals(host))
                .filter(host -> self == null || !(host.host() + ":" + host.port()).equals(self.toString()))
                .distinct()
                .toList();
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Stops processing, commits, and releases the stores; blocks up to {@code timeout}. */
    public void close(Duration timeout) {
        boolean closed = streams.close(timeout);
        if (!closed) {
            LOG.warn("Aggregation streams did not stop within {}", timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
