package io.meshperf.coordinator.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshperf.coordinator.api.ApiSource;
import io.meshperf.coordinator.api.HttpApiVerticle;
import io.meshperf.coordinator.api.PeerApiVerticle;
import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.coordinator.config.CoordinatorSettings.DiscoveryMode;
import io.meshperf.coordinator.config.CoordinatorSettings.ElectionMode;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TargetSource;
import io.meshperf.coordinator.discovery.kubernetes.KubernetesDiscoveryConfig;
import io.meshperf.coordinator.discovery.kubernetes.KubernetesTargetSource;
import io.meshperf.coordinator.discovery.registration.RegistrationDiscoveryConfig;
import io.meshperf.coordinator.discovery.registration.RegistrationTargetSource;
import io.meshperf.coordinator.leader.KafkaLeaderElection;
import io.meshperf.coordinator.leader.KubernetesLeaderElection;
import io.meshperf.coordinator.leader.LeaderElection;
import io.meshperf.coordinator.publishing.Checkpoint;
import io.meshperf.coordinator.publishing.KafkaJobPublisher;
import io.meshperf.coordinator.publishing.KafkaResultsReader;
import io.meshperf.coordinator.publishing.TopicState;
import io.meshperf.schemas.MeasurementJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator service: discovery, leader election, the {@link Conductor} that plans and
 * publishes while this replica leads, and the HTTP endpoints, wired from one
 * {@link CoordinatorConfig}.
 *
 * <p>Every replica also runs the aggregation ({@link CoordinatorAggregation}, unless switched off):
 * Kafka Streams spreads the results partitions over the replicas, and any replica answers the
 * aggregate API for the whole cluster; only the leader publishes jobs.
 *
 * <p>{@link #start()} blocks until the HTTP port is bound, the aggregation is starting, discovery has
 * synced and the election is campaigning; it throws naming what failed, after undoing what it
 * started. {@link #close()} is the one ordered shutdown: give up leadership (so another replica
 * takes over at once), stop the coordinator thread (which closes the results feed and the
 * publisher), stop discovery, stop the aggregation (which commits its last work), then HTTP.
 * Threads: the caller's for start/close; see the parts for theirs.
 */
public final class CoordinatorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);

    private final CoordinatorConfig config;
    private final Clock clock;
    private final Supplier<KubernetesClient> kubernetesClients;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusView status = new StatusView();
    private Vertx vertx;
    private HttpApiVerticle http;
    private PeerApiVerticle peer;
    private CoordinatorAggregation aggregation;
    private KubernetesClient kubernetes;
    /** Written on start, read by HTTP workers through the aggregation's known Service backends. */
    private volatile TargetSource discovery;
    private TargetSource.Subscription subscription;
    private ScheduledExecutorService thread;
    private Conductor conductor;
    private LeaderElection election;
    private volatile boolean discoverySynced;

    /** A service that connects to Kubernetes (when configured to) in-cluster or from the kubeconfig. */
    public CoordinatorService(CoordinatorConfig config, Clock clock) {
        this(config, clock, () -> new KubernetesClientBuilder().build());
    }

    /**
     * A service that takes its Kubernetes client from {@code kubernetesClients} (called at most once,
     * only when discovery or election uses Kubernetes); the service closes that client on close.
     */
    public CoordinatorService(CoordinatorConfig config, Clock clock, Supplier<KubernetesClient> kubernetesClients) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.kubernetesClients = Objects.requireNonNull(kubernetesClients, "kubernetesClients");
    }

    /**
     * Starts everything; blocks until serving.
     *
     * @throws IllegalStateException naming the part that could not start
     */
    public synchronized void start() {
        if (vertx != null) {
            throw new IllegalStateException("start() may be called once");
        }
        try {
            startHttp();
            if (aggregation != null) {
                aggregation.start(peer.actualPort());
            }
            boolean kafkaElection = config.election() == ElectionMode.KAFKA;
            OwnTopics.ensure(config.bootstrapServers(), config.kafkaProperties(), config.stateTopic(), config.leaderTopic(), kafkaElection,
                    config.kafkaTimeout());
            startDiscovery();
            startConductor();
            election = kafkaElection
                    ? new KafkaLeaderElection(config.bootstrapServers(), config.kafkaProperties(), config.leaderTopic(), config.cluster(),
                            config.replicaId(), config.leaderTimeout())
                    : new KubernetesLeaderElection(kubernetes(), config.namespace(), config.leaseName(),
                            config.replicaId(), config.leaderTimeout());
            election.start(conductor);
            LOG.info("Coordinator replica {} of cluster {} started: {} discovery, {} election, HTTP port {}",
                    config.replicaId(), config.cluster(), config.discovery(), config.election(), httpPort());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startHttp() {
        vertx = Vertx.vertx();
        Optional<HttpApiVerticle.AggregateApi> aggregateApi = Optional.empty();
        if (config.aggregation().enabled()) {
            aggregation = new CoordinatorAggregation(config.aggregation(), config.bootstrapServers(),
                    config.kafkaProperties(), config.cluster(), new DiscoveredBackends(this::currentTargets),
                    registry, clock);
            aggregateApi = Optional.of(new HttpApiVerticle.AggregateApi(aggregation.queries()));
            peer = new PeerApiVerticle(aggregation.localWindows(), config.aggregation().peerPort());
        }
        http = new HttpApiVerticle(new Api(), config.httpPort(), aggregateApi);
        try {
            vertx.deployVerticle(http).await(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (peer != null) {
                vertx.deployVerticle(peer).await(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("HTTP endpoints did not start: " + e.getMessage(), e);
        }
    }

    /** Discovery's latest snapshot, or an empty one before discovery starts (the aggregation starts first). */
    private TargetSet currentTargets() {
        TargetSource source = discovery;
        return source == null ? TargetSet.empty(config.cluster()) : source.current();
    }

    private void startDiscovery() {
        if (config.discovery() == DiscoveryMode.KUBERNETES) {
            KubernetesTargetSource source = new KubernetesTargetSource(kubernetes(), new KubernetesDiscoveryConfig(
                    config.cluster(), config.namespace(), KubernetesDiscoveryConfig.DEFAULT_POD_LABEL_KEY,
                    KubernetesDiscoveryConfig.DEFAULT_POD_LABEL_VALUE, KubernetesDiscoveryConfig.DEFAULT_NETWORK_LABEL_KEY,
                    KubernetesDiscoveryConfig.DEFAULT_POD_NETWORK_VALUE,
                    KubernetesDiscoveryConfig.DEFAULT_HOST_NETWORK_VALUE, config.serviceName(),
                    KubernetesDiscoveryConfig.DEFAULT_PORT_NAME, KubernetesDiscoveryConfig.DEFAULT_SYNC_TIMEOUT,
                    KubernetesDiscoveryConfig.DEFAULT_REBUILD_MIN_INTERVAL));
            discovery = source;
            source.start();
        } else {
            RegistrationTargetSource source = new RegistrationTargetSource(new RegistrationDiscoveryConfig(
                    config.cluster(), config.bootstrapServers(), config.agentsTopic(), config.heartbeatExpiry(),
                    RegistrationDiscoveryConfig.DEFAULT_POLL_TIMEOUT, config.kafkaTimeout(), config.serviceAddress()),
                    config.kafkaProperties(), clock);
            discovery = source;
            source.start();
        }
        discoverySynced = true;
    }

    private void startConductor() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "meshperf-coordinator"));
        TopicState state = new TopicState(config.bootstrapServers(), config.kafkaProperties(), config.kafkaTimeout(),
                clock);
        Conductor.TopicReader reader = new Conductor.TopicReader() {
            @Override
            public Optional<Checkpoint> checkpoint() {
                return state.checkpoint(config.stateTopic(), config.cluster());
            }

            @Override
            public List<MeasurementJob> jobsSince(Instant since) {
                return state.jobsSince(config.jobsTopic(), config.cluster(), since);
            }
        };
        CoordinatorMetrics metrics = new CoordinatorMetrics(registry);
        conductor = new Conductor(config.cluster(), config.replicaId(), config.plan(), config.resultGrace(), clock,
                thread,
                () -> new KafkaJobPublisher(config.bootstrapServers(), config.kafkaProperties(), config.cluster(), config.replicaId(),
                        config.jobsTopic(), config.resultsTopic(), config.stateTopic(), config.kafkaTimeout()),
                () -> new KafkaResultsReader(config.bootstrapServers(), config.kafkaProperties(), config.resultsTopic(), config.cluster(),
                        config.replicaId(), config.kafkaTimeout()),
                reader, metrics, status, discovery.current());
        // Subscribe, then read current(): no snapshot is missed (TargetSource contract).
        subscription = discovery.subscribe(conductor::targetsChanged);
        conductor.targetsChanged(discovery.current());
    }

    private KubernetesClient kubernetes() {
        if (kubernetes == null) {
            kubernetes = kubernetesClients.get();
        }
        return kubernetes;
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return http.actualPort();
    }

    /** The replica-to-replica port actually bound; only with the aggregation on. */
    public int peerPort() {
        if (peer == null) {
            throw new IllegalStateException("the aggregation is off, so there is no peer port");
        }
        return peer.actualPort();
    }

    /** True while this replica leads and publishes. */
    public boolean isLeading() {
        return "LEADING".equals(status.role());
    }

    /** The plan view, as /api/v1/plan shows it. */
    public JsonObject plan() {
        return status.toJson();
    }

    @Override
    public synchronized void close() {
        if (election != null) {
            election.close();
            election = null;
        }
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (thread != null) {
            conductor.shutdown();
            thread.shutdown();
            awaitThread();
            thread = null;
        }
        if (discovery instanceof AutoCloseable closeable) {
            closeDiscovery(closeable);
        }
        discovery = null;
        if (aggregation != null) {
            aggregation.close(config.kafkaTimeout());
            aggregation = null;
        }
        if (kubernetes != null) {
            kubernetes.close();
            kubernetes = null;
        }
        if (vertx != null) {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly", e);
            }
        }
        registry.close();
    }

    private void awaitThread() {
        try {
            if (!thread.awaitTermination(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Coordinator thread did not stop within {}", config.kafkaTimeout());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeDiscovery(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Discovery did not close cleanly", e);
        }
    }

    /** The HTTP endpoints' view of this service; answers from memory. */
    private final class Api implements ApiSource {
        @Override
        public Optional<String> problem() {
            Conductor c = conductor;
            return c == null ? Optional.empty() : Optional.ofNullable(c.problem());
        }

        @Override
        public Map<String, Boolean> readiness() {
            Map<String, Boolean> checks = new LinkedHashMap<>();
            checks.put("discoverySynced", discoverySynced);
            String role = status.role();
            checks.put("leadingOrFollowing", "LEADING".equals(role) || "FOLLOWING".equals(role));
            CoordinatorAggregation a = aggregation;
            if (a != null) {
                checks.put("aggregationRunning", a.ready());
            }
            return checks;
        }

        @Override
        public String scrape() {
            return registry.scrape();
        }

        @Override
        public JsonObject plan() {
            return status.toJson();
        }
    }
}
