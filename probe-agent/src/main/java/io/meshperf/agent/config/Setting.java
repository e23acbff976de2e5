package io.meshperf.agent.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One declared setting of the agent: its name (with the unit in it), type, default, and a doc line.
 * The environment variable is {@code MESHPERF_<NAME>}, the flag {@code --<name-in-kebab-case>}.
 * Immutable and thread-safe; parsing is pure.
 *
 * @param name         upper snake case, e.g. {@code HEARTBEAT_INTERVAL_MS}
 * @param type         the type as documented, e.g. "int, 1..65535"
 * @param defaultValue the value when neither flag nor environment gives one; null means optional or,
 *                     when {@code required}, that the agent cannot start without it
 * @param required     whether a value must be given
 * @param doc          one line for the settings table and {@code --help}
 * @param parser       text to value; throws {@link IllegalArgumentException} saying what is wrong
 * @param <T>          the value type
 */
public record Setting<T>(String name, String type, T defaultValue, boolean required, String doc,
                         Function<String, T> parser) {

    /** Prefix of every environment variable the agent reads. */
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
            throw new IllegalArgumentException("a required setting has no default: " + name);
        }
    }

    /** The environment variable, e.g. {@code MESHPERF_HEARTBEAT_INTERVAL_MS}. */
    public String env() {
        return ENV_PREFIX + name;
    }

    /** The command-line flag, e.g. {@code --heartbeat-interval-ms}. */
    public String flag() {
        return "--" + name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code text}, given through {@code origin} (the variable or flag).
     *
     * @throws ConfigException naming this setting when the text is not a valid value
     */
    public T parse(String text, String origin) {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(describe() + " from " + origin + ": '" + text + "' is not valid: "
                    + e.getMessage());
        }
    }

    /** {@code MESHPERF_X (--x)}, how error messages name the setting. */
    public String describe() {
        return env() + " (" + flag() + ")";
    }

    /** The default as the settings table shows it. */
    public String defaultText() {
        if (required) {
            return "required";
        }
        return defaultValue == null ? "unset" : defaultValue.toString();
    }
}
