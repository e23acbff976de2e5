package io.meshperf.coordinator.config;

import io.meshperf.coordinator.config.CoordinatorSettings.DiscoveryMode;
import io.meshperf.coordinator.config.CoordinatorSettings.ElectionMode;
import io.meshperf.coordinator.discovery.registration.ServiceAddress;
import io.meshperf.coordinator.planning.PlanConfig;
import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.schemas.settings.Setting;
import io.meshperf.schemas.settings.ConfigException;
import io.meshperf.schemas.settings.KafkaPassThrough;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's whole configuration: one immutable value built once at start from flags and
 * the environment ({@code MESHPERF_*}); flags win. Nothing else in the coordinator reads the
 * environment. Every check happens in {@link #from}, which throws {@link ConfigException} naming
 * the setting (as variable and flag) and what is wrong with it, including the rules that tie the
 * plan settings together (checked by {@link PlanConfig}).
 *
 * @param kafkaProperties pass-through Kafka client properties (TLS, SASL, tuning) for every client:
 *                        the properties file, then {@code MESHPERF_KAFKA_<PROP>} variables
 * @param kafkaTimeout bound on each blocking Kafka call and on reading state back at take-over
 * @param leaderTimeout failover time: Kafka group session timeout or Lease duration
 * @param resultGrace after a job's deadline, how long its results may still arrive before TIMEOUT
 * @param aggregation the Kafka Streams aggregation and its API
 */
public record CoordinatorConfig(
        String cluster,
        String replicaId,
        DiscoveryMode discovery,
        String namespace,
        String serviceName,
        Optional<ServiceAddress> serviceAddress,
        Duration heartbeatExpiry,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String jobsTopic,
        String resultsTopic,
        String agentsTopic,
        String stateTopic,
        String leaderTopic,
        Duration kafkaTimeout,
        ElectionMode election,
        String leaseName,
        Duration leaderTimeout,
        int httpPort,
        PlanConfig plan,
        Duration resultGrace,
        AggregationConfig aggregation) {

    /**
     * Kafka properties some coordinator client sets itself (publishing transactions, read_committed
     * readers, the election group, Kafka Streams' exactly-once): refused from the pass-through, so no
     * operator setting can weaken a guarantee. Timeouts and other tuning may be overridden.
     */
    public static final Set<String> RESERVED_KAFKA_PROPERTIES = Set.of("bootstrap.servers", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "group.id", "group.instance.id",
            "enable.auto.commit", "isolation.level", "transactional.id", "enable.idempotence", "acks",
            "auto.offset.reset", "consumer.auto.offset.reset", "client.id", "allow.auto.create.topics",
            "partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms", "application.id",
            "application.server", "processing.guarantee", "state.dir", "num.stream.threads", "commit.interval.ms");

    private static final KafkaPassThrough KAFKA_PASS_THROUGH = new KafkaPassThrough("the coordinator",
            RESERVED_KAFKA_PROPERTIES, Map.of(
                    "bootstrap.servers", CoordinatorSettings.KAFKA_BOOTSTRAP_SERVERS,
                    "session.timeout.ms", CoordinatorSettings.LEADER_TIMEOUT_MS,
                    "application.id", CoordinatorSettings.AGGREGATION_APPLICATION_ID,
                    "application.server", CoordinatorSettings.AGGREGATION_ADVERTISED_ADDRESS,
                    "state.dir", CoordinatorSettings.AGGREGATION_STATE_DIR,
                    "num.stream.threads", CoordinatorSettings.AGGREGATION_STREAM_THREADS,
                    "commit.interval.ms", CoordinatorSettings.AGGREGATION_COMMIT_INTERVAL_MS));

    public CoordinatorConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(replicaId, "replicaId");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(serviceAddress, "serviceAddress");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        kafkaProperties = Map.copyOf(kafkaProperties);
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(resultGrace, "resultGrace");
        Objects.requireNonNull(aggregation, "aggregation");
        if (election == ElectionMode.AUTO) {
            throw new IllegalArgumentException("election must be resolved to KAFKA or KUBERNETES");
        }
    }

    /**
     * Builds the config from flags (keyed by {@link Setting#flag()}, e.g. {@code --cluster}) and the
     * environment (keyed by {@link Setting#env()}).
     *
     * @throws ConfigException naming the first bad or missing setting
     */
    public static CoordinatorConfig from(Map<String, String> flags, Map<String, String> env) {
        Values v = new Values(flags, env);
        DiscoveryMode discovery = v.get(CoordinatorSettings.DISCOVERY);
        ElectionMode election = v.get(CoordinatorSettings.LEADER_ELECTION);
        if (election == ElectionMode.AUTO) {
            election = discovery == DiscoveryMode.KUBERNETES ? ElectionMode.KUBERNETES : ElectionMode.KAFKA;
        }
        Optional<ServiceAddress> serviceAddress = Optional.ofNullable(v.get(CoordinatorSettings.SERVICE_ADDRESS));
        if (serviceAddress.isPresent() && discovery == DiscoveryMode.KUBERNETES) {
            throw new ConfigException(CoordinatorSettings.SERVICE_ADDRESS.describe()
                    + " is for registrations discovery; with Kubernetes discovery the Service is "
                    + CoordinatorSettings.SERVICE_NAME.describe());
        }
        String replica = v.get(CoordinatorSettings.REPLICA_ID);
        if (replica == null) {
            String host = env.get("HOSTNAME");
            replica = host != null && !host.isBlank() ? host.strip() : "coordinator-" + ProcessHandle.current().pid();
        }
        return new CoordinatorConfig(
                v.get(CoordinatorSettings.CLUSTER), replica, discovery,
                v.get(CoordinatorSettings.NAMESPACE), v.get(CoordinatorSettings.SERVICE_NAME), serviceAddress,
                Duration.ofMillis(v.get(CoordinatorSettings.HEARTBEAT_EXPIRY_MS)),
                v.get(CoordinatorSettings.KAFKA_BOOTSTRAP_SERVERS),
                KAFKA_PASS_THROUGH.read(v.get(CoordinatorSettings.KAFKA_PROPERTIES_FILE), env, CoordinatorSettings.ALL),
                v.get(CoordinatorSettings.JOBS_TOPIC),
                v.get(CoordinatorSettings.RESULTS_TOPIC), v.get(CoordinatorSettings.AGENTS_TOPIC),
                v.get(CoordinatorSettings.STATE_TOPIC), v.get(CoordinatorSettings.LEADER_TOPIC),
                Duration.ofMillis(v.get(CoordinatorSettings.KAFKA_TIMEOUT_MS)), election,
                v.get(CoordinatorSettings.LEASE_NAME), Duration.ofMillis(v.get(CoordinatorSettings.LEADER_TIMEOUT_MS)),
                v.get(CoordinatorSettings.HTTP_PORT), plan(v),
                Duration.ofMillis(v.get(CoordinatorSettings.RESULT_GRACE_MS)),
                aggregation(v, env, v.get(CoordinatorSettings.CLUSTER), replica, v.get(CoordinatorSettings.HTTP_PORT)));
    }

    /** The aggregation settings; the topology's own checks are reported against our settings. */
    private static AggregationConfig aggregation(Values v, Map<String, String> env, String cluster, String replica,
                                                 int httpPort) {
        boolean enabled = v.get(CoordinatorSettings.AGGREGATION_ENABLED);
        ServiceWeights weights = v.get(CoordinatorSettings.AGGREGATION_SERVICE_WEIGHTS);
        AggregationSettings settings;
        try {
            settings = new AggregationSettings(v.get(CoordinatorSettings.RESULTS_TOPIC),
                    v.get(CoordinatorSettings.AGGREGATES_TOPIC), v.get(CoordinatorSettings.DLQ_TOPIC),
                    v.get(CoordinatorSettings.AGGREGATION_WINDOWS_S).stream().map(Duration::ofSeconds).toList(),
                    Duration.ofMillis(v.get(CoordinatorSettings.AGGREGATION_GRACE_MS)),
                    Duration.ofHours(v.get(CoordinatorSettings.AGGREGATION_HISTORY_H)),
                    weights == null ? Map.of() : weights.weights());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the aggregation settings do not fit together: " + e.getMessage()
                    + " (settings: " + CoordinatorSettings.AGGREGATION_WINDOWS_S.env() + ", "
                    + CoordinatorSettings.AGGREGATION_GRACE_MS.env() + ", "
                    + CoordinatorSettings.AGGREGATION_HISTORY_H.env() + ")");
        }
        String applicationId = v.get(CoordinatorSettings.AGGREGATION_APPLICATION_ID);
        String stateDir = v.get(CoordinatorSettings.AGGREGATION_STATE_DIR);
        Path state = stateDir != null ? Path.of(stateDir)
                : Path.of(System.getProperty("java.io.tmpdir"), "meshperf-streams", replica);
        String advertised = v.get(CoordinatorSettings.AGGREGATION_ADVERTISED_ADDRESS);
        String host;
        int port = 0;
        if (advertised != null && advertised.indexOf(':') > 0 && advertised.indexOf(':') == advertised.lastIndexOf(':')) {
            host = advertised.substring(0, advertised.indexOf(':'));
            port = Integer.parseInt(advertised.substring(advertised.indexOf(':') + 1));
        } else if (advertised != null) {
            host = advertised;
        } else {
            host = enabled ? ownAddress(env) : "localhost";
        }
        return new AggregationConfig(enabled, settings,
                applicationId != null ? applicationId : "meshperf-aggregation." + cluster, state,
                v.get(CoordinatorSettings.AGGREGATION_STREAM_THREADS),
                Duration.ofMillis(v.get(CoordinatorSettings.AGGREGATION_COMMIT_INTERVAL_MS)),
                peerPort(v.get(CoordinatorSettings.AGGREGATION_PEER_PORT), httpPort, enabled), host, port,
                Duration.ofMillis(v.get(CoordinatorSettings.AGGREGATE_METRICS_REFRESH_MS)));
    }

    /**
     * The peer port: given, or the HTTP port + 1 (0 stays 0: both pick free ports). It must differ
     * from the HTTP port, which is public, while the peer endpoint has no authentication.
     */
    private static int peerPort(Integer given, int httpPort, boolean enabled) {
        if (given == null) {
            if (httpPort == 65535) {
                throw new ConfigException(CoordinatorSettings.HTTP_PORT.describe() + " is 65535, so the default peer"
                        + " port (HTTP port + 1) does not exist; set " + CoordinatorSettings.AGGREGATION_PEER_PORT.describe());
            }
            return httpPort == 0 ? 0 : httpPort + 1;
        }
        if (enabled && given != 0 && given == httpPort) {
            throw new ConfigException(CoordinatorSettings.AGGREGATION_PEER_PORT.describe() + " must differ from "
                    + CoordinatorSettings.HTTP_PORT.describe() + " (" + httpPort + "): the peer endpoint has no"
                    + " authentication and must stay off the public port");
        }
        return given;
    }

    /** The pod IP from the downward API ({@code POD_IP}), else this host's address. */
    private static String ownAddress(Map<String, String> env) {
        String podIp = env.get("POD_IP");
        if (podIp != null && !podIp.isBlank()) {
            return podIp.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("cannot find this host's address for other replicas to query ("
                    + e.getMessage() + "); set " + CoordinatorSettings.AGGREGATION_ADVERTISED_ADDRESS.describe()
                    + " or the POD_IP variable");
        }
    }

    /** The plan settings as a {@link PlanConfig}, its cross-checks reported against our settings. */
    private static PlanConfig plan(Values v) {
        int zonePeers = v.get(CoordinatorSettings.ZONE_PEERS_PER_ROUND);
        try {
            return PlanConfig.builder()
                    .roundInterval(Duration.ofMillis(v.get(CoordinatorSettings.ROUND_INTERVAL_MS)))
                    .peersPerRound(v.get(CoordinatorSettings.PEERS_PER_ROUND))
                    .zoneAware(zonePeers > 0)
                    .zonePeersPerRound(Math.max(zonePeers, 0))
                    .latencyTestDuration(Duration.ofMillis(v.get(CoordinatorSettings.LATENCY_TEST_DURATION_MS)))
                    .bandwidthTestDuration(Duration.ofMillis(v.get(CoordinatorSettings.BANDWIDTH_TEST_DURATION_MS)))
                    .testOverhead(Duration.ofMillis(v.get(CoordinatorSettings.TEST_OVERHEAD_MS)))
                    .bandwidthDutyCycle(v.get(CoordinatorSettings.BANDWIDTH_DUTY_CYCLE_PERCENT) / 100.0)
                    .jitterFraction(v.get(CoordinatorSettings.JITTER_PERCENT) / 100.0)
                    .deadlineGrace(Duration.ofMillis(v.get(CoordinatorSettings.DEADLINE_GRACE_MS)))
                    .controlTimeout(Duration.ofMillis(v.get(CoordinatorSettings.CONTROL_TIMEOUT_MS)))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the plan settings do not fit together: " + renamed(e.getMessage()));
        }
    }

    /** PlanConfig names its fields; say which of our settings they are. */
    private static String renamed(String message) {
        Map<String, Setting<?>> names = new LinkedHashMap<>();
        names.put("zonePeersPerRound", CoordinatorSettings.ZONE_PEERS_PER_ROUND);
        names.put("peersPerRound", CoordinatorSettings.PEERS_PER_ROUND);
        names.put("roundInterval", CoordinatorSettings.ROUND_INTERVAL_MS);
        names.put("latencyTestDuration", CoordinatorSettings.LATENCY_TEST_DURATION_MS);
        names.put("bandwidthTestDuration", CoordinatorSettings.BANDWIDTH_TEST_DURATION_MS);
        names.put("testOverhead", CoordinatorSettings.TEST_OVERHEAD_MS);
        names.put("bandwidthDutyCycle", CoordinatorSettings.BANDWIDTH_DUTY_CYCLE_PERCENT);
        names.put("jitterFraction", CoordinatorSettings.JITTER_PERCENT);
        names.put("deadlineGrace", CoordinatorSettings.DEADLINE_GRACE_MS);
        names.put("controlTimeout", CoordinatorSettings.CONTROL_TIMEOUT_MS);
        StringBuilder named = new StringBuilder();
        String rest = message;
        for (Map.Entry<String, Setting<?>> e : names.entrySet()) {
            if (rest.contains(e.getKey())) {
                named.append(named.length() == 0 ? "" : ", ").append(e.getValue().env());
                rest = rest.replace(e.getKey(), "");
            }
        }
        return message + (named.length() == 0 ? "" : " (settings: " + named + ")");
    }

    /** Reads settings: flag first, then environment variable, then default. */
    private static final class Values {
        private final Map<String, String> flags;
        private final Map<String, String> env;

        Values(Map<String, String> flags, Map<String, String> env) {
            this.flags = Objects.requireNonNull(flags, "flags");
            this.env = Objects.requireNonNull(env, "env");
        }

        <T> T get(Setting<T> setting) {
            String flag = flags.get(setting.flag());
            if (flag != null) {
                return setting.parse(flag, "flag " + setting.flag());
            }
            String variable = env.get(setting.env());
            if (variable != null && !variable.isBlank()) {
                return setting.parse(variable, "variable " + setting.env());
            }
            if (setting.required()) {
                throw new ConfigException(setting.describe() + " is required: " + setting.doc());
            }
            return setting.defaultValue();
        }
    }
}
