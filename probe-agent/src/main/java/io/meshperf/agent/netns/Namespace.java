package io.meshperf.agent.netns;

import java.util.regex.Pattern;

/**
 * A network namespace, by name, or the root namespace (empty name). A value: creating one does
 * nothing on the machine; {@link VirtualNetwork#namespace(String)} creates the real thing.
 *
 * @param name the name under {@code /run/netns}, or "" for the root namespace
 */
public record Namespace(String name) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Namespace ROOT = new Namespace("");

    public Namespace {
        if (name == null) {
            throw new IllegalArgumentException("namespace name must not be null");
        }
        if (!name.isEmpty() && !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid namespace name '" + name
                    + "': use letters, digits, '_', '.', '-' (at most 64, not starting with a symbol)");
        }
    }

    /** The root (initial) network namespace, which this library leaves untouched unless asked. */
    public static Namespace root() {
        return ROOT;
    }

    /** True for the root namespace. */
    public boolean isRoot() {
        return name.isEmpty();
    }

    @Override
    public String toString() {
        return isRoot() ? "<root>" : name;
    }
}
