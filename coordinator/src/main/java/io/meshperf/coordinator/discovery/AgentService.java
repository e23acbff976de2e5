package io.meshperf.coordinator.discovery;

import java.util.List;

/**
 * The Service in front of the pod-network agents, measured by the POD_TO_SERVICE path.
 *
 * <p>Immutable and checked when built ({@link IllegalArgumentException} naming the field). Only
 * ready backends are listed; a Service without any is kept (discovery saw it) but is not
 * {@link #ready()}, so nothing is planned through it. Outside Kubernetes nothing lists a Service's
 * backends; such a Service is built with {@link #unlisted} and counts as ready, and the tests
 * through it say whether anything answered.
 *
 * @param name {@code namespace/name}, or {@code host:port} outside Kubernetes
 * @param host the ClusterIP, or a DNS name that resolves to it
 * @param port the Service port mapped to the agents' qperf port
 * @param backends the ready endpoints, in the order discovery gave them
 * @param backendsListed false when the backends are unknown (outside Kubernetes), not merely none
 */
public record AgentService(String name, String host, int port, List<ServiceBackend> backends,
        boolean backendsListed) {

    public AgentService {
        Require.nonBlank(name, "service name");
        Require.nonBlank(host, "host of service " + name);
        Require.port(port, "port of service " + name);
        if (backends == null) {
            throw new IllegalArgumentException("backends of service " + name + " must not be null");
        }
        backends = List.copyOf(backends);
        if (!backendsListed && !backends.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " has backends but says they are not listed");
        }
    }

    /** A Service whose ready backends are listed (Kubernetes EndpointSlices). */
    public AgentService(String name, String host, int port, List<ServiceBackend> backends) {
        this(name, host, port, backends, true);
    }

    /** A Service known only by its address, as configured outside Kubernetes. */
    public static AgentService unlisted(String name, String host, int port) {
        return new AgentService(name, host, port, List.of(), false);
    }

    /**
     * True when a test through the Service can be served: at least one backend is ready, or the
     * backends are not listed (then only a test can tell).
     */
    public boolean ready() {
        return !backendsListed || !backends.isEmpty();
    }
}
