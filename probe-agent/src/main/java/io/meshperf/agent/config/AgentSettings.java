package io.meshperf.agent.config;

import static io.meshperf.schemas.settings.SettingParsers.millis;

import io.meshperf.schemas.Network;
import io.meshperf.schemas.keys.Topics;
import io.meshperf.schemas.settings.KafkaPassThrough;
import io.meshperf.schemas.settings.Setting;
import io.meshperf.schemas.settings.SettingParsers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of the probe agent, declared once: name with unit, type, default and doc. The
 * command line, the environment reader, the settings table in SERVICE.md and the error messages all
 * come from this list. Pure; thread-safe.
 */
public final class AgentSettings {

    public static final Setting<String> CLUSTER = new Setting<>("CLUSTER", "name", null, true,
            "Cluster this agent measures; first part of the agent id.", SettingParsers::nonBlank);
    public static final Setting<String> NODE = new Setting<>("NODE", "name", null, true,
            "Kubernetes node name (host name outside Kubernetes); second part of the agent id.",
            SettingParsers::nonBlank);
    public static final Setting<Network> NETWORK = new Setting<>("NETWORK", "pod|host", Network.HOST, false,
            "Which network the agent lives in: pod (pod network) or host (hostNetwork).", AgentSettings::network);
    public static final Setting<String> POD = new Setting<>("POD", "namespace/name", null, false,
            "The agent's pod (downward API); reported beside the agent id, which ends in the network, not the pod.", SettingParsers::nonBlank);
    public static final Setting<String> ZONE = new Setting<>("ZONE", "text", null, false,
            "topology.kubernetes.io/zone of the node.", SettingParsers::nonBlank);
    public static final Setting<String> REGION = new Setting<>("REGION", "text", null, false,
            "topology.kubernetes.io/region of the node.", SettingParsers::nonBlank);
    public static final Setting<String> POD_IP = new Setting<>("POD_IP", "IP address", null, false,
            "The pod's IP address (downward API status.podIP).", AgentSettings::ipLiteral);
    public static final Setting<String> NODE_IP = new Setting<>("NODE_IP", "IP address", null, false,
            "The node's IP address (downward API status.hostIP).", AgentSettings::ipLiteral);

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = new Setting<>("KAFKA_BOOTSTRAP_SERVERS",
            "host:port,...", null, true, "Kafka brokers to bootstrap from.", SettingParsers::hostPorts);
    public static final Setting<Path> KAFKA_PROPERTIES_FILE = KafkaPassThrough.PROPERTIES_FILE;
    public static final Setting<String> JOBS_TOPIC = new Setting<>("JOBS_TOPIC", "topic", Topics.JOBS, false,
            "Topic the agent takes its jobs from (keyed by agent id).", SettingParsers::nonBlank);
    public static final Setting<String> RESULTS_TOPIC = new Setting<>("RESULTS_TOPIC", "topic", Topics.RESULTS,
            false, "Topic results are written to.", SettingParsers::nonBlank);
    public static final Setting<String> AGENTS_TOPIC = new Setting<>("AGENTS_TOPIC", "topic", Topics.AGENTS,
            false, "Compacted topic of registrations and heartbeats.", SettingParsers::nonBlank);
    public static final Setting<String> DLQ_TOPIC = new Setting<>("DLQ_TOPIC", "topic", Topics.DLQ, false,
            "Topic undecodable jobs are moved to.", SettingParsers::nonBlank);
    public static final Setting<String> JOBS_START_FROM = new Setting<>("JOBS_START_FROM", "earliest|latest",
            "earliest", false, "Where a new agent id (no committed offset) starts reading its partition.",
            AgentSettings::startFrom);

    public static final Setting<Integer> QPERF_PORT = new Setting<>("QPERF_PORT", "int, 0..65535", 19765, false,
            "TCP and UDP port of the measurement server (0 picks a free one).", s -> port(s, 0));
    public static final Setting<Integer> HTTP_PORT = new Setting<>("HTTP_PORT", "int, 0..65535", 9765, false,
            "Port of /healthz, /readyz, /metrics and /api/status (0 picks a free one).", s -> port(s, 0));
    public static final Setting<Integer> MAX_SESSIONS = new Setting<>("MAX_SESSIONS", "int, >= 1", 8, false,
            "Peer sessions served at once before refusing more.", s -> positive(s, Integer.MAX_VALUE));
    public static final Setting<Integer> MAX_TEST_TIME_SEC = new Setting<>("MAX_TEST_TIME_SEC", "int, >= 1", 60,
            false, "Longest test a peer may ask the server for.", s -> positive(s, 86_400));
    public static final Setting<Integer> MAX_MESSAGE_SIZE_BYTES = new Setting<>("MAX_MESSAGE_SIZE_BYTES",
            "int, >= 1", 1 << 20, false, "Largest message size a peer may ask the server for.",
            s -> positive(s, 64 << 20));
    public static final Setting<Integer> MAX_CONTROL_TIMEOUT_SEC = new Setting<>("MAX_CONTROL_TIMEOUT_SEC",
            "int, >= 1", 30, false, "Cap on the control timeout a peer may ask the server for.",
            s -> positive(s, 3600));
    public static final Setting<Integer> SERVER_REQUEST_TIMEOUT_SEC = new Setting<>("SERVER_REQUEST_TIMEOUT_SEC",
            "int, >= 1", 5, false, "How long the server waits for a connected peer's request.",
            s -> positive(s, 3600));

    public static final Setting<Long> HEARTBEAT_INTERVAL_MS = new Setting<>("HEARTBEAT_INTERVAL_MS",
            "long, >= 100", 10_000L, false, "How often the agent republishes its AgentInfo.",
            s -> millis(s, 100));
    public static final Setting<Long> KAFKA_TIMEOUT_MS = new Setting<>("KAFKA_TIMEOUT_MS", "long, >= 1000",
            30_000L, false, "Longest one Kafka call may block (send, commit, metadata) before it is retried.",
            s -> millis(s, 1000));
    public static final Setting<Long> STOP_TEST_GRACE_MS = new Setting<>("STOP_TEST_GRACE_MS", "long, >= 0",
            10_000L, false, "On stop, how long a running test may finish before it is abandoned (ERROR).",
            s -> millis(s, 0));
    public static final Setting<Long> STOP_TIMEOUT_MS = new Setting<>("STOP_TIMEOUT_MS", "long, >= 1000",
            30_000L, false, "Budget for the whole ordered stop; what is left then is closed at once.",
            s -> millis(s, 1000));

    /** Every setting, in the order of the settings table. */
    public static final List<Setting<?>> ALL = List.of(CLUSTER, NODE, NETWORK, POD, ZONE, REGION, POD_IP, NODE_IP,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_PROPERTIES_FILE, JOBS_TOPIC, RESULTS_TOPIC, AGENTS_TOPIC, DLQ_TOPIC,
            JOBS_START_FROM, QPERF_PORT, HTTP_PORT, MAX_SESSIONS, MAX_TEST_TIME_SEC, MAX_MESSAGE_SIZE_BYTES,
            MAX_CONTROL_TIMEOUT_SEC, SERVER_REQUEST_TIMEOUT_SEC, HEARTBEAT_INTERVAL_MS, KAFKA_TIMEOUT_MS,
            STOP_TEST_GRACE_MS, STOP_TIMEOUT_MS);

    private AgentSettings() {
    }

    /** The settings table as Markdown, for SERVICE.md and the README. */
    public static String markdownTable() {
        return Setting.markdownTable(ALL);
    }

    static Network network(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "pod" -> Network.POD;
            case "host" -> Network.HOST;
            default -> throw new IllegalArgumentException("must be pod or host");
        };
    }

    static String startFrom(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (!v.equals("earliest") && !v.equals("latest")) {
            throw new IllegalArgumentException("must be earliest or latest");
        }
        return v;
    }

    static int port(String s, int min) {
        int v = SettingParsers.wholeNumber(s);
        if (v < min || v > 65535) {
            throw new IllegalArgumentException("must be a port number " + min + "..65535");
        }
        return v;
    }

    static int positive(String s, int max) {
        int v = SettingParsers.wholeNumber(s);
        if (v < 1 || v > max) {
            throw new IllegalArgumentException("must be 1.." + max);
        }
        return v;
    }

    /** An IPv4 or IPv6 literal; names are refused because resolving them here would be a DNS lookup. */
    static String ipLiteral(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("must be an IPv4 or IPv6 address");
                }
            }
            return s;
        }
        if (s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+")) {
            try {
                // Text with ':' is parsed as an IPv6 literal only, never looked up.
                InetAddress.getByName(s);
                return s;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("must be an IPv4 or IPv6 address");
            }
        }
        throw new IllegalArgumentException("must be an IPv4 or IPv6 address");
    }
}
