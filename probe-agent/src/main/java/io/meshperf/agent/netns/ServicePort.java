package io.meshperf.agent.netns;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One port of a Kubernetes Service, as kube-proxy sees it.
 *
 * @param name the port's name (part of kube-proxy's chain-name hash), e.g. {@code meshperf-tcp}
 * @param protocol {@code tcp} or {@code udp}
 * @param port the port on the ClusterIP
 * @param targetPort the port on each endpoint
 */
public record ServicePort(String name, String protocol, int port, int targetPort) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public ServicePort {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid service port name '" + name
                    + "': lower-case letters, digits and '-', at most 63");
        }
        protocol = protocol == null ? "" : protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("service port " + name + ": protocol must be tcp or udp, was '"
                    + protocol + "'");
        }
        requirePort(name, "port", port);
        requirePort(name, "targetPort", targetPort);
    }

    private static void requirePort(String name, String what, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("service port " + name + ": " + what
                    + " must be 1 to 65535, was " + value);
        }
    }
}
