package io.meshperf.coordinator.config;

import static io.meshperf.schemas.settings.SettingParsers.intIn;
import static io.meshperf.schemas.settings.SettingParsers.longIn;
import static io.meshperf.schemas.settings.SettingParsers.millis;

import io.meshperf.coordinator.discovery.registration.ServiceAddress;
import io.meshperf.schemas.keys.Topics;
import io.meshperf.schemas.settings.KafkaPassThrough;
import io.meshperf.schemas.settings.Setting;
import io.meshperf.schemas.settings.SettingParsers;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every setting of the coordinator service, declared once: name with unit, type, default, doc. The
 * flags, the environment reader, the settings table in SERVICE.md and the error messages all come
 * from this list. Pure and thread-safe.
 */
public final class CoordinatorSettings {

    /** The coordinator's own compacted topic of planning checkpoints, keyed by cluster. */
    public static final String STATE_TOPIC_DEFAULT = "meshperf.coordinator";
    /** The single-partition topic whose consumer-group owner is the leader (Kafka election). */
    public static final String LEADER_TOPIC_DEFAULT = "meshperf.coordinator-leader";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public static final Setting<String> CLUSTER = new Setting<>("CLUSTER", "name", null, true,
            "Cluster to measure; first part of every job id and agent id.", CoordinatorSettings::segment);
    public static final Setting<String> REPLICA_ID = new Setting<>("REPLICA_ID", "name", null, false,
            "This replica's name in leader election and logs; unset: the HOSTNAME variable, else the PID.",
            SettingParsers::nonBlank);
    public static final Setting<DiscoveryMode> DISCOVERY = new Setting<>("DISCOVERY", "kubernetes or registrations",
            DiscoveryMode.KUBERNETES, false,
            "Where targets come from: the Kubernetes API (in-cluster or kubeconfig) or agents' registrations.",
            s -> DiscoveryMode.valueOf(enumText(s, "kubernetes", "registrations")));
    public static final Setting<String> NAMESPACE = new Setting<>("NAMESPACE", "DNS label", "meshperf", false,
            "Kubernetes namespace of the agent pods, the agent Service and the leader Lease.",
            CoordinatorSettings::dnsLabel);
    public static final Setting<String> SERVICE_NAME = new Setting<>("SERVICE_NAME", "DNS label", "meshperf-agent",
            false, "Kubernetes Service in front of the pod-network agents.", CoordinatorSettings::dnsLabel);
    public static final Setting<ServiceAddress> SERVICE_ADDRESS = new Setting<>("SERVICE_ADDRESS", "host:port",
            null, false, "Registrations mode: address of a Service in front of the pod agents; unset: no Service path.",
            ServiceAddress::parse);
    public static final Setting<Long> HEARTBEAT_EXPIRY_MS = new Setting<>("HEARTBEAT_EXPIRY_MS", "long, >= 1000",
            30_000L, false, "Registrations mode: an agent silent this long stops being a target.",
            s -> millis(s, 1000));

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = new Setting<>("KAFKA_BOOTSTRAP_SERVERS",
            "host:port,...", null, true, "Kafka brokers to bootstrap from.", SettingParsers::hostPorts);
    /** TLS, SASL and other client settings for every Kafka client; with MESHPERF_KAFKA_<PROP> variables. */
    public static final Setting<Path> KAFKA_PROPERTIES_FILE = KafkaPassThrough.PROPERTIES_FILE;
    public static final Setting<String> JOBS_TOPIC = new Setting<>("JOBS_TOPIC", "topic", Topics.JOBS, false,
            "Topic jobs are published to, keyed by source agent id.", CoordinatorSettings::topic);
    public static final Setting<String> RESULTS_TOPIC = new Setting<>("RESULTS_TOPIC", "topic", Topics.RESULTS,
            false, "Topic of results; read to close jobs, written with TIMEOUT and SKIPPED stand-ins.",
            CoordinatorSettings::topic);
    public static final Setting<String> AGENTS_TOPIC = new Setting<>("AGENTS_TOPIC", "topic", Topics.AGENTS, false,
            "Registrations mode: compacted topic of agent registrations.", CoordinatorSettings::topic);
    public static final Setting<String> STATE_TOPIC = new Setting<>("STATE_TOPIC", "topic", STATE_TOPIC_DEFAULT,
            false, "Compacted topic of the planning checkpoint, written in each publishing transaction.",
            CoordinatorSettings::topic);
    public static final Setting<String> LEADER_TOPIC = new Setting<>("LEADER_TOPIC", "topic", LEADER_TOPIC_DEFAULT,
            false, "Kafka election: single-partition topic whose assigned group member leads.",
            CoordinatorSettings::topic);
    public static final Setting<Long> KAFKA_TIMEOUT_MS = new Setting<>("KAFKA_TIMEOUT_MS", "long, >= 1000",
            30_000L, false, "Longest one Kafka call may block (metadata, commit, reading back state).",
            s -> millis(s, 1000));

    public static final Setting<ElectionMode> LEADER_ELECTION = new Setting<>("LEADER_ELECTION",
            "auto, kafka or kubernetes", ElectionMode.AUTO, false,
            "How replicas pick the one that publishes: a Kubernetes Lease, a Kafka consumer group, or auto"
                    + " (the Lease with Kubernetes discovery, else Kafka).",
            s -> ElectionMode.valueOf(enumText(s, "auto", "kafka", "kubernetes")));
    public static final Setting<String> LEASE_NAME = new Setting<>("LEASE_NAME", "DNS label",
            "meshperf-coordinator", false, "Kubernetes election: name of the Lease in NAMESPACE.",
            CoordinatorSettings::dnsLabel);
    public static final Setting<Long> LEADER_TIMEOUT_MS = new Setting<>("LEADER_TIMEOUT_MS", "long, >= 1000",
            10_000L, false, "Failover time: a silent leader loses leadership after this long (group session"
                    + " timeout, or Lease duration).", s -> millis(s, 1000));

    public static final Setting<Integer> HTTP_PORT = new Setting<>("HTTP_PORT", "int, 0..65535", 8080, false,
            "Port of /healthz, /readyz, /metrics and /api/v1/plan (0 picks a free one).",
            s -> intIn(s, 0, 65535));

    public static final Setting<Long> ROUND_INTERVAL_MS = new Setting<>("ROUND_INTERVAL_MS", "long, >= 1000",
            60_000L, false, "Time between latency rounds.", s -> millis(s, 1000));
    public static final Setting<Integer> PEERS_PER_ROUND = new Setting<>("PEERS_PER_ROUND", "int, >= 1", 3, false,
            "Peers each node tests for latency per round.", s -> intIn(s, 1, 10_000));
    public static final Setting<Integer> ZONE_PEERS_PER_ROUND = new Setting<>("ZONE_PEERS_PER_ROUND", "int, >= 0",
            0, false, "Of those, how many go to other zones; 0 turns zone-aware planning off.",
            s -> intIn(s, 0, 10_000));
    public static final Setting<Long> LATENCY_TEST_DURATION_MS = new Setting<>("LATENCY_TEST_DURATION_MS",
            "long, >= 1", 1_000L, false, "Duration of each latency test (qperf -t).", s -> millis(s, 1));
    public static final Setting<Long> BANDWIDTH_TEST_DURATION_MS = new Setting<>("BANDWIDTH_TEST_DURATION_MS",
            "long, >= 1", 5_000L, false, "Duration of each bandwidth test (qperf -t).", s -> millis(s, 1));
    public static final Setting<Long> TEST_OVERHEAD_MS = new Setting<>("TEST_OVERHEAD_MS", "long, >= 0", 1_000L,
            false, "Time allowed per test on top of its duration (connection set-up).", s -> millis(s, 0));
    public static final Setting<Double> BANDWIDTH_DUTY_CYCLE_PERCENT = new Setting<>("BANDWIDTH_DUTY_CYCLE_PERCENT",
            "number, (0, 100]", 5.0, false, "Share of a node's time bandwidth tests may take.",
            s -> percent(s));
    public static final Setting<Double> JITTER_PERCENT = new Setting<>("JITTER_PERCENT", "number, (0, 100]", 75.0,
            false, "Share of a round over which latency tests are spread; the rest is slack.", s -> percent(s));
    public static final Setting<Long> DEADLINE_GRACE_MS = new Setting<>("DEADLINE_GRACE_MS", "long, >= 0", 8_000L,
            false, "Slack between a job's expected end and its deadline (an agent needs about 6 s of it to bound"
                    + " each test's control exchanges).", s -> millis(s, 0));
    public static final Setting<Long> CONTROL_TIMEOUT_MS = new Setting<>("CONTROL_TIMEOUT_MS", "long, >= 1",
            5_000L, false, "How long one qperf control message may take (qperf -to).", s -> millis(s, 1));
    public static final Setting<Long> RESULT_GRACE_MS = new Setting<>("RESULT_GRACE_MS", "long, >= 0", 10_000L,
            false, "How long after a job's deadline its results may still arrive before the coordinator"
                    + " writes TIMEOUT for the missing ones.", s -> millis(s, 0));

    public static final Setting<Boolean> AGGREGATION_ENABLED = new Setting<>("AGGREGATION_ENABLED", "true or false",
            true, false, "Whether this replica aggregates results (Kafka Streams) and serves /api/v1/matrix,"
                    + " /summary, /pairs, /compare and the heatmap page.",
            s -> Boolean.valueOf(enumText(s, "true", "false")));
    public static final Setting<String> AGGREGATES_TOPIC = new Setting<>("AGGREGATES_TOPIC", "topic",
            Topics.AGGREGATES, false, "Topic closed aggregation windows are written to, one record per pair and test.",
            CoordinatorSettings::topic);
    public static final Setting<String> DLQ_TOPIC = new Setting<>("DLQ_TOPIC", "topic", Topics.DLQ, false,
            "Topic undecodable or invalid results go to, with the reason in headers.", CoordinatorSettings::topic);
    public static final Setting<List<Long>> AGGREGATION_WINDOWS_S = new Setting<>("AGGREGATION_WINDOWS_S",
            "seconds,...", List.of(60L, 3600L), false,
            "Tumbling window sizes; the smallest is what queries and gauges show by default.",
            CoordinatorSettings::windowSizes);
    public static final Setting<Long> AGGREGATION_GRACE_MS = new Setting<>("AGGREGATION_GRACE_MS", "long, >= 0",
            30_000L, false, "How long after a window ends a late result still counts in it.", s -> millis(s, 0));
    public static final Setting<Long> AGGREGATION_HISTORY_H = new Setting<>("AGGREGATION_HISTORY_H", "long, >= 1",
            24L, false, "How long windows stay queryable (store retention; raised to window size plus grace if shorter).",
            s -> longIn(s, 1, 24L * 366));
    public static final Setting<ServiceWeights> AGGREGATION_SERVICE_WEIGHTS = new Setting<>(
            "AGGREGATION_SERVICE_WEIGHTS", "ns/svc=ns/pod:weight,...;...", null, false,
            "Expected load-balancing weight of each Service backend pod, for the chi-square verdict; unset:"
                    + " every Service is expected to split evenly.", ServiceWeights::parse);
    public static final Setting<Integer> AGGREGATION_STREAM_THREADS = new Setting<>("AGGREGATION_STREAM_THREADS",
            "int, 1..64", 1, false, "Kafka Streams threads of this replica (each runs some results partitions).",
            s -> intIn(s, 1, 64));
    public static final Setting<String> AGGREGATION_STATE_DIR = new Setting<>("AGGREGATION_STATE_DIR", "path", null,
            false, "Directory of the RocksDB window stores; unset: <java.io.tmpdir>/meshperf-streams/<replica id>.",
            SettingParsers::nonBlank);
    public static final Setting<Long> AGGREGATION_COMMIT_INTERVAL_MS = new Setting<>(
            "AGGREGATION_COMMIT_INTERVAL_MS", "long, >= 10", 1_000L, false,
            "How often Kafka Streams commits (one exactly-once transaction); queries see updates before that.",
            s -> millis(s, 10));
    public static final Setting<String> AGGREGATION_APPLICATION_ID = new Setting<>("AGGREGATION_APPLICATION_ID",
            "name", null, false, "Kafka Streams application id, shared by the replicas of one cluster; unset:"
                    + " meshperf-aggregation.<cluster>, so clusters sharing a Kafka do not mix.",
            CoordinatorSettings::segment);
    public static final Setting<Integer> AGGREGATION_PEER_PORT = new Setting<>("AGGREGATION_PEER_PORT",
            "int, 0..65535", null, false, "Port of the replica-to-replica endpoint /api/v1/internal/windows (no"
                    + " authentication: keep it to the replicas); unset: the HTTP port + 1, or a free one when that is 0.",
            s -> intIn(s, 0, 65535));
    public static final Setting<String> AGGREGATION_ADVERTISED_ADDRESS = new Setting<>(
            "AGGREGATION_ADVERTISED_ADDRESS", "host[:port]", null, false,
            "Address other replicas reach this one's peer port at, for cluster-wide queries (application.server);"
                    + " unset: the POD_IP variable, else this host's address, and the peer port.",
            CoordinatorSettings::hostWithOptionalPort);
    public static final Setting<Long> AGGREGATE_METRICS_REFRESH_MS = new Setting<>("AGGREGATE_METRICS_REFRESH_MS",
            "long, >= 100", 15_000L, false, "How often the meshperf_aggregate_* gauges re-read the last complete"
                    + " window of the smallest size.", s -> millis(s, 100));

    /** Every setting, in the order of the settings table. */
    public static final List<Setting<?>> ALL = List.of(CLUSTER, REPLICA_ID, DISCOVERY, NAMESPACE, SERVICE_NAME,
            SERVICE_ADDRESS, HEARTBEAT_EXPIRY_MS, KAFKA_BOOTSTRAP_SERVERS, KAFKA_PROPERTIES_FILE, JOBS_TOPIC, RESULTS_TOPIC, AGENTS_TOPIC,
            STATE_TOPIC, LEADER_TOPIC, KAFKA_TIMEOUT_MS, LEADER_ELECTION, LEASE_NAME, LEADER_TIMEOUT_MS, HTTP_PORT,
            ROUND_INTERVAL_MS, PEERS_PER_ROUND, ZONE_PEERS_PER_ROUND, LATENCY_TEST_DURATION_MS,
            BANDWIDTH_TEST_DURATION_MS, TEST_OVERHEAD_MS, BANDWIDTH_DUTY_CYCLE_PERCENT, JITTER_PERCENT,
            DEADLINE_GRACE_MS, CONTROL_TIMEOUT_MS, RESULT_GRACE_MS, AGGREGATION_ENABLED, AGGREGATES_TOPIC, DLQ_TOPIC,
            AGGREGATION_WINDOWS_S, AGGREGATION_GRACE_MS, AGGREGATION_HISTORY_H, AGGREGATION_SERVICE_WEIGHTS,
            AGGREGATION_STREAM_THREADS, AGGREGATION_STATE_DIR, AGGREGATION_COMMIT_INTERVAL_MS,
            AGGREGATION_APPLICATION_ID, AGGREGATION_PEER_PORT, AGGREGATION_ADVERTISED_ADDRESS, AGGREGATE_METRICS_REFRESH_MS);

    /** Where targets come from. */
    public enum DiscoveryMode { KUBERNETES, REGISTRATIONS }

    /** How the leader is elected. */
    public enum ElectionMode { AUTO, KAFKA, KUBERNETES }

    private CoordinatorSettings() {
    }

    /** The settings table as Markdown, for SERVICE.md. */
    public static String markdownTable() {
        return Setting.markdownTable(ALL);
    }

    static String segment(String s) {
        if (!SEGMENT.matcher(s).matches()) {
            throw new IllegalArgumentException("must be letters, digits, '-', '_' or '.', at most 63, no '/'");
        }
        return s;
    }

    static String dnsLabel(String s) {
        if (!DNS_LABEL.matcher(s).matches()) {
            throw new IllegalArgumentException("must be an RFC 1123 label: lower case, digits, '-', at most 63");
        }
        return s;
    }

    static String topic(String s) {
        if (!TOPIC.matcher(s).matches() || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("must be a Kafka topic name: letters, digits, '.', '_', '-'");
        }
        return s;
    }

    static String enumText(String s, String... allowed) {
        String v = s.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v.toUpperCase(Locale.ROOT);
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }

    static List<Long> windowSizes(String s) {
        List<Long> sizes = new java.util.ArrayList<>();
        for (String part : s.split(",", -1)) {
            long size = longIn(part.strip(), 1, 366L * 24 * 3600);
            if (sizes.contains(size)) {
                throw new IllegalArgumentException("window size " + size + " s is given twice");
            }
            sizes.add(size);
        }
        return List.copyOf(sizes);
    }

    static String hostWithOptionalPort(String s) {
        String host = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && !s.endsWith("]") && s.indexOf(':') == colon) {
            intIn(s.substring(colon + 1), 1, 65535);
            host = s.substring(0, colon);
        }
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException("must be host or host:port");
        }
        return s;
    }

    static double percent(String s) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number");
        }
        if (!(v > 0.0 && v <= 100.0)) {
            throw new IllegalArgumentException("must be above 0 and at most 100");
        }
        return v;
    }
}
