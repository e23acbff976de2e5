package io.meshperf.schemas.settings;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One declared setting of a meshperf component (the agent, the coordinator): name (unit in it),
 * type, default and a doc line. The environment variable is {@code MESHPERF_<NAME>}, the flag
 * {@code --<name-in-kebab-case>}; the deploy manifests are checked against these names, so the
 * convention lives here, beside the rest of the contract. Immutable; parsing is pure and thread-safe.
 *
 * @param name         upper snake case, e.g. {@code ROUND_INTERVAL_MS}
 * @param type         the type as the settings table shows it
 * @param defaultValue the value when nothing is given; null means unset (optional) or, when
 *                     {@code required}, that the component cannot start without it
 * @param required     whether a value must be given
 * @param doc          one line for the settings table and {@code --help}
 * @param parser       text to value; throws {@link IllegalArgumentException} saying what is wrong
 * @param <T>          the value type
 */
public record Setting<T>(String name, String type, T defaultValue, boolean required, String doc,
                         Function<String, T> parser) {

    /** Prefix of every environment variable a meshperf component reads. */
    public static final String ENV_PREFIX = "MESHPERF_";

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("setting name must be upper snake case: " + name);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required setting " + name + " cannot have a default");
        }
    }

    /** The environment variable, e.g. {@code MESHPERF_ROUND_INTERVAL_MS}. */
    public String env() {
        return ENV_PREFIX + name;
    }

    /** The flag, e.g. {@code --round-interval-ms}. */
    public String flag() {
        return "--" + name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** How messages name the setting: {@code MESHPERF_X (--x)}. */
    public String describe() {
        return env() + " (" + flag() + ")";
    }

    /**
     * Parses {@code text} given through {@code origin} (a flag or the variable).
     *
     * @throws ConfigException naming this setting and the bad text
     */
    public T parse(String text, String origin) {
        try {
            return parser.apply(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(describe() + " from " + origin + ": '" + text + "' is not valid: "
                    + e.getMessage());
        }
    }

    /** The default as the settings table shows it. */
    public String defaultText() {
        if (required) {
            return "required";
        }
        if (defaultValue instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return defaultValue == null ? "unset" : defaultValue.toString();
    }

    /** The settings table of a component's documentation, one row per setting, in the given order. */
    public static String markdownTable(List<Setting<?>> settings) {
        StringBuilder b = new StringBuilder("| variable | flag | type | default | meaning |\n|---|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            b.append("| `").append(s.env()).append("` | `").append(s.flag()).append("` | ")
                    .append(s.type().replace("|", "\\|")).append(" | ").append(s.defaultText()).append(" | ")
                    .append(s.doc()).append(" |\n");
        }
        return b.toString();
    }
}
