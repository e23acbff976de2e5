package io.meshperf.coordinator.discovery.kubernetes;

/**
 * Kubernetes discovery could not start: an informer did not sync (forbidden by RBAC, resource not
 * served, API server unreachable, timed out). The message names each resource and the reason.
 */
public final class DiscoveryStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DiscoveryStartException(String message) {
        super(message);
    }

    public DiscoveryStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
