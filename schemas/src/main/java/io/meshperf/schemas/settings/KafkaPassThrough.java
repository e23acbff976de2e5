package io.meshperf.schemas.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client properties a component passes to its clients without knowing them (TLS, SASL,
 * tuning): first a Java properties file ({@link #PROPERTIES_FILE}), then {@code MESHPERF_KAFKA_<PROP>}
 * variables, which win; {@code <PROP>} becomes the property in lower case with '_' as '.'. Every
 * meshperf component that talks to Kafka reads them the same way, through this class, so one
 * Secret configures them all.
 *
 * <p>Properties the component sets itself because its guarantees depend on them (transactions,
 * isolation, group ids) are refused with a {@link ConfigException} naming where they came from,
 * rather than silently overridden. Pure (no Kafka classes), immutable and thread-safe; reading the
 * file blocks on the file system.
 */
public final class KafkaPassThrough {

    /** Prefix of the variables that become Kafka properties. */
    public static final String PREFIX = Setting.ENV_PREFIX + "KAFKA_";

    /** The properties file: the same setting, name and meaning in every component. */
    public static final Setting<Path> PROPERTIES_FILE = new Setting<>("KAFKA_PROPERTIES_FILE", "path", null, false,
            "Java properties file of extra Kafka client settings (TLS, SASL) for every client; MESHPERF_KAFKA_<PROP>"
                    + " variables (e.g. MESHPERF_KAFKA_SECURITY_PROTOCOL) add single ones and win.",
            Path::of);

    /** A Kafka client property name: lower case words joined by '.', '-' or '_'. */
    private static final Pattern PROPERTY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");

    private final String component;
    private final Set<String> reserved;
    private final Map<String, Setting<?>> replacedBy;

    /**
     * @param component  how messages name the component, e.g. {@code "the agent"}
     * @param reserved   properties the component sets itself and refuses from the operator
     * @param replacedBy for some reserved properties, the setting to use instead (named in the error)
     */
    public KafkaPassThrough(String component, Set<String> reserved, Map<String, Setting<?>> replacedBy) {
        this.component = Objects.requireNonNull(component, "component");
        this.reserved = Set.copyOf(reserved);
        this.replacedBy = Map.copyOf(replacedBy);
        if (!this.reserved.containsAll(this.replacedBy.keySet())) {
            throw new IllegalArgumentException("properties replaced by a setting must be reserved: " + replacedBy.keySet());
        }
    }

    /** Properties this component refuses to take from the operator. */
    public Set<String> reserved() {
        return reserved;
    }

    /**
     * The pass-through properties: the file's (when {@code file} is not null), then the
     * {@code MESHPERF_KAFKA_*} variables of {@code env} that are not one of {@code settings}.
     *
     * @throws ConfigException naming the file when it cannot be read or has a malformed entry, and
     *                         naming the file or variable that sets a reserved property
     */
    public Map<String, String> read(Path file, Map<String, String> env, Collection<Setting<?>> settings) {
        Map<String, String> out = new TreeMap<>();
        if (file != null) {
            out.putAll(readFile(file));
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (isPassThrough(e.getKey(), settings)) {
                String property = e.getKey().substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                checkNotReserved(property, e.getKey());
                out.put(property, e.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Whether {@code variable} is a {@code MESHPERF_KAFKA_<PROP>} pass-through rather than a setting. */
    public static boolean isPassThrough(String variable, Collection<Setting<?>> settings) {
        return variable.startsWith(PREFIX) && variable.length() > PREFIX.length()
                && settings.stream().noneMatch(s -> s.env().equals(variable));
    }

    /**
     * One client's configuration: the component's own {@code defaults}, then the pass-through
     * properties over them. Reserved properties never reach here ({@link #read} refuses them), so
     * what the component's guarantees depend on stays as the component set it.
     */
    public static Map<String, Object> withPassThrough(Map<String, ?> defaults, Map<String, String> passThrough) {
        Map<String, Object> out = new HashMap<>(defaults);
        out.putAll(passThrough);
        return out;
    }

    private Map<String, String> readFile(Path file) {
        String origin = PROPERTIES_FILE.describe() + " (" + file + ")";
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(PROPERTIES_FILE.describe() + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // Properties.load's only complaint: a malformed \\uXXXX escape.
            throw new ConfigException(origin + ": malformed entry: " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!PROPERTY.matcher(k).matches()) {
                throw new ConfigException(origin + ": malformed entry '" + k + "': not a Kafka property name"
                        + " (lower case words joined by '.'); write property=value, one a line");
            }
            checkNotReserved(k, origin);
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    private void checkNotReserved(String property, String origin) {
        if (reserved.contains(property)) {
            Setting<?> instead = replacedBy.get(property);
            throw new ConfigException(origin + ": Kafka property '" + property + "' is set by " + component
                    + " itself" + (instead != null ? "; use " + instead.describe() : " and cannot be overridden"));
        }
    }
}
