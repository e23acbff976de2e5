package io.meshperf.coordinator.service;

import io.meshperf.coordinator.aggregation.AggregationStreams;
import io.meshperf.coordinator.aggregation.PairWindowReader;
import io.meshperf.coordinator.aggregation.PeerWindowReader;
import io.meshperf.coordinator.config.AggregationConfig;
import io.meshperf.coordinator.query.AggregateMetrics;
import io.meshperf.coordinator.query.AggregateQueries;
import io.meshperf.coordinator.query.KnownBackends;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation as part of the coordinator service: runs {@link AggregationStreams} on every
 * replica (Kafka Streams spreads the results partitions over them; only the leader publishes jobs),
 * gives the HTTP verticles the {@link #queries()} and {@link #localWindows()} (the peer port) to mount, and refreshes
 * the {@link AggregateMetrics} gauges of the injected registry on its own thread.
 *
 * <p>The queries and the local window reader exist before Kafka Streams does, because the peer port
 * has to be bound (to learn it when it is 0) before {@code application.server} can be set; until
 * {@link #start(int)} they answer 503 ("not started"). Threads: Kafka Streams' own; the metrics
 * refresh runs on {@code meshperf-aggregate-metrics} and blocks there on store reads; start and
 * close run on the caller's thread, and close blocks up to its timeout.
 */
final class CoordinatorAggregation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorAggregation.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final AggregationConfig config;
    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties;
    private final StartedWindows local;
    private final AggregateQueries queries;
    private final AggregateMetrics metrics;
    private volatile AggregationStreams streams;
    private ScheduledExecutorService refresher;

    CoordinatorAggregation(AggregationConfig config, String bootstrapServers, Map<String, String> kafkaProperties,
                           String cluster, KnownBackends knownBackends, MeterRegistry registry, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.local = new StartedWindows(config.settings().windows());
        PairWindowReader all = new PeerWindowReader(local, this::otherInstances, HttpClient.newBuilder()
                .connectTimeout(PEER_TIMEOUT).build(), PEER_TIMEOUT);
        this.queries = new StoreAggregateQueries(all, config.settings(), clock, knownBackends);
        this.metrics = new AggregateMetrics(queries, cluster, config.settings().windows().get(0)).bind(registry);
    }

    /** Cluster-wide queries (all replicas' stores); blocking, for a worker thread. */
    AggregateQueries queries() {
        return queries;
    }

    /** This replica's own windows, for the peer endpoint; blocking, for a worker thread. */
    PairWindowReader localWindows() {
        return local;
    }

    /**
     * Creates and starts Kafka Streams, advertising {@code peerPort} (or the configured port) to the
     * other replicas, and starts the metrics refresh. Returns once Kafka Streams is starting; it
     * becomes RUNNING on its own threads.
     *
     * @throws IllegalStateException naming the setting Kafka Streams rejected
     */
    synchronized void start(int peerPort) {
        Properties props = AggregationStreams.properties(bootstrapServers, config.applicationId(), config.stateDir(),
                config.streamThreads(), config.commitInterval());
        // Top-level properties reach every client Kafka Streams makes (consumers, producers, admin).
        props.putAll(kafkaProperties);
        String server = config.applicationServer(peerPort);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        AggregationStreams started;
        try {
            started = new AggregationStreams(config.settings(), props);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new IllegalStateException("aggregation cannot start (check MESHPERF_AGGREGATION_* settings): "
                    + e.getMessage(), e);
        }
        streams = started;
        local.delegate = started.reader();
        started.start().whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("Aggregation streams stopped before running", failure);
            } else {
                LOG.info("Aggregation running as {} of application {}", server, config.applicationId());
            }
        });
        refresher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "meshperf-aggregate-metrics"));
        long every = config.metricsRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    /** The Kafka Streams state, or empty before start. */
    KafkaStreams.State state() {
        AggregationStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    /**
     * Ready to answer: RUNNING, or REBALANCING (a replica joining or leaving makes every replica
     * rebalance for a moment; queries then may answer 503, and being taken out of the Service for
     * that moment would only move the load to the replicas that rebalance too).
     */
    boolean ready() {
        KafkaStreams.State s = state();
        return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
    }

    private void refresh() {
        // A failure must not cancel the schedule (a thrown exception would end scheduleWithFixedDelay).
        try {
            if (state() == KafkaStreams.State.RUNNING) {
                metrics.refresh();
            }
        } catch (RuntimeException e) {
            LOG.warn("Aggregate metrics refresh failed; the gauges keep their previous values", e);
        }
    }

    private List<HostInfo> otherInstances() {
        AggregationStreams s = streams;
        return s == null ? List.of() : s.otherInstances();
    }

    /** Stops the refresh, then Kafka Streams (committing its last work); blocks up to {@code timeout}. */
    synchronized void close(Duration timeout) {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        AggregationStreams s = streams;
        if (s != null) {
            local.delegate = null;
            s.close(timeout);
            streams = null;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** This replica's stores once Kafka Streams exists; "not started" (a 503) before. */
    private static final class StartedWindows implements PairWindowReader {
        private final List<Duration> sizes;
        private volatile PairWindowReader delegate;

        StartedWindows(List<Duration> sizes) {
            this.sizes = List.copyOf(sizes);
        }

        @Override
        public List<Duration> windowSizes() {
            return sizes;
        }

        @Override
        public void scan(Duration size, String keyPrefix, Instant from, Instant to, Visitor visitor) {
            PairWindowReader d = delegate;
            if (d == null) {
                throw new IllegalStateException("the aggregation is not running on this replica");
            }
            d.scan(size, keyPrefix, from, to, visitor);
        }
    }
}
