package io.meshperf.coordinator.discovery;

import java.util.List;

/**
 * The Service in front of the pod-network agents, measured by the POD_TO_SERVICE path.
 *
 * <p>Immutable and checked when built ({@link IllegalArgumentException} naming the field). Only
 * ready backends are listed; a Service without any is kept (discovery saw it) but is not
 * {@link #ready()}, so nothing is planned through it.
 *
 * @param name {@code namespace/name}
 * @param host the ClusterIP, or a DNS name that resolves to it
 * @param port the Service port mapped to the agents' qperf port
 * @param backends the ready endpoints, in the order discovery gave them
 */
public record AgentService(String name, String host, int port, List<ServiceBackend> backends) {

    public AgentService {
        Require.nonBlank(name, "service name");
        Require.nonBlank(host, "host of service " + name);
        Require.port(port, "port of service " + name);
        if (backends == null) {
            throw new IllegalArgumentException("backends of service " + name + " must not be null");
        }
        backends = List.copyOf(backends);
    }

    /** True when at least one backend is ready, so a test through the Service can be served. */
    public boolean ready() {
        return !backends.isEmpty();
    }
}
