package io.meshperf.agent.config;

import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.settings.Setting;
import io.meshperf.schemas.settings.ConfigException;
import io.meshperf.schemas.settings.KafkaPassThrough;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's one immutable configuration, built once at start from flags and the environment (flags
 * win). Every value is checked while building; the first bad or missing one fails with a
 * {@link ConfigException} naming the setting. Also derives the agent id and the Kafka client
 * properties passed through from {@code MESHPERF_KAFKA_<PROP>} variables and the properties file.
 * Thread-safe; nothing else in the agent reads the environment.
 */
public final class AgentConfig {

    /** Variables {@code MESHPERF_KAFKA_<PROP>} become the Kafka property {@code <prop>} in lower case, '_' as '.'. */
    public static final String KAFKA_PASS_THROUGH_PREFIX = KafkaPassThrough.PREFIX;

    /**
     * Kafka properties the agent sets itself: its delivery guarantees depend on them, so a pass-through
     * value is refused rather than silently overridden.
     */
    static final Set<String> RESERVED_KAFKA_PROPERTIES = Set.of("bootstrap.servers", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "group.id", "group.instance.id",
            "enable.auto.commit", "isolation.level", "transactional.id", "enable.idempotence", "acks",
            "auto.offset.reset", "client.id");

    private static final KafkaPassThrough KAFKA_PASS_THROUGH = new KafkaPassThrough("the agent",
            RESERVED_KAFKA_PROPERTIES, Map.of("bootstrap.servers", AgentSettings.KAFKA_BOOTSTRAP_SERVERS));

    /** {@code MESHPERF_*} variables read by others: the logging configuration's level. */
    static final Set<String> READ_ELSEWHERE = Set.of("MESHPERF_LOG_LEVEL");

    private final Map<Setting<?>, Object> values;
    private final Map<String, String> kafkaProperties;
    private final List<String> ignoredVariables;
    private final AgentId agentId;

    private AgentConfig(Map<Setting<?>, Object> values, Map<String, String> kafkaProperties,
                        List<String> ignoredVariables) {
        this.values = Collections.unmodifiableMap(values);
        this.kafkaProperties = Collections.unmodifiableMap(kafkaProperties);
        this.ignoredVariables = List.copyOf(ignoredVariables);
        checkTogether();
        this.agentId = deriveAgentId();
    }

    /**
     * Builds the configuration from {@code flags} and this process's environment; the one place the
     * agent reads its environment.
     *
     * @throws ConfigException naming the first setting that is missing or wrong
     */
    public static AgentConfig fromEnvironment(Map<String, String> flags) {
        return load(System.getenv(), flags);
    }

    /**
     * Builds the configuration.
     *
     * @param env   the process environment (only {@code MESHPERF_*} entries are read)
     * @param flags values given on the command line, keyed by setting name (e.g. {@code NODE})
     * @throws ConfigException naming the first setting that is missing or wrong
     */
    public static AgentConfig load(Map<String, String> env, Map<String, String> flags) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(flags, "flags");
        for (String name : flags.keySet()) {
            if (AgentSettings.ALL.stream().noneMatch(s -> s.name().equals(name))) {
                throw new ConfigException("unknown setting " + name);
            }
        }
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> s : AgentSettings.ALL) {
            String flag = flags.get(s.name());
            String var = env.get(s.env());
            Object v;
            if (flag != null) {
                v = s.parse(flag, s.flag());
            } else if (var != null && !var.isBlank()) {
                v = s.parse(var, s.env());
            } else if (s.required()) {
                throw new ConfigException(s.describe() + " is required: " + s.doc());
            } else {
                v = s.defaultValue();
            }
            if (v != null) {
                values.put(s, v);
            }
        }
        Map<String, String> kafka = KAFKA_PASS_THROUGH.read((Path) values.get(AgentSettings.KAFKA_PROPERTIES_FILE), env,
                AgentSettings.ALL);
        List<String> ignored = new ArrayList<>();
        for (String name : new TreeMap<>(env).keySet()) {
            if (name.startsWith(Setting.ENV_PREFIX) && !isSetting(name) && !READ_ELSEWHERE.contains(name)
                    && !KafkaPassThrough.isPassThrough(name, AgentSettings.ALL)) {
                ignored.add(name);
            }
        }
        return new AgentConfig(values, kafka, ignored);
    }

    private static boolean isSetting(String env) {
        return AgentSettings.ALL.stream().anyMatch(s -> s.env().equals(env));
    }

    private void checkTogether() {
        if (get(AgentSettings.STOP_TEST_GRACE_MS) >= get(AgentSettings.STOP_TIMEOUT_MS)) {
            throw new ConfigException(AgentSettings.STOP_TEST_GRACE_MS.describe() + " must be less than "
                    + AgentSettings.STOP_TIMEOUT_MS.describe() + ", which must also cover flushing and closing");
        }
    }

    private AgentId deriveAgentId() {
        String cluster = get(AgentSettings.CLUSTER);
        String node = get(AgentSettings.NODE);
        try {
            return new AgentId(cluster, node, get(AgentSettings.NETWORK));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the agent id made of " + AgentSettings.CLUSTER.describe() + ", "
                    + AgentSettings.NODE.describe() + " and " + AgentSettings.NETWORK.describe() + " is not valid: "
                    + e.getMessage(), e);
        }
    }

    /** The value of {@code setting}: given, or its default; null for an optional setting left unset. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** Whether {@code setting} has a value (given or default). */
    public boolean has(Setting<?> setting) {
        return values.containsKey(setting);
    }

    /** {@code <cluster>/<node>/<pod|host>}. */
    public AgentId agentId() {
        return agentId;
    }

    /** Extra Kafka client properties (security and tuning), from the file then the environment. */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /** {@code MESHPERF_*} variables that are neither a setting nor a Kafka pass-through (worth a warning). */
    public List<String> ignoredVariables() {
        return ignoredVariables;
    }
}
