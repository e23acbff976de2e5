package io.meshperf.agent.netns;

import java.util.regex.Pattern;

/**
 * A network interface inside a namespace. A value: {@link VirtualNetwork} creates the real device.
 *
 * @param namespace where the interface lives
 * @param name its name, at most 15 characters (the kernel's IFNAMSIZ minus the terminating NUL)
 */
public record Link(Namespace namespace, String name) {

    /** Longest interface name the kernel accepts. */
    public static final int MAX_NAME_LENGTH = 15;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public Link {
        if (namespace == null) {
            throw new IllegalArgumentException("link namespace must not be null");
        }
        requireValidName(name);
    }

    /**
     * Checks an interface name against the kernel's rules.
     *
     * @throws IllegalArgumentException naming the bad name and the rule it breaks
     */
    public static String requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("interface name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("interface name '" + name + "' has " + name.length()
                    + " characters; the kernel allows at most " + MAX_NAME_LENGTH);
        }
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid interface name '" + name
                    + "': use letters, digits, '_', '.', '-'");
        }
        return name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
