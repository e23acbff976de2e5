package io.meshperf.coordinator.discovery;

/**
 * One ready endpoint behind the agent Service (from its EndpointSlices).
 *
 * @param pod {@code namespace/name} of the backing agent pod
 * @param node the node that pod runs on
 * @param address the pod IP kube-proxy forwards to
 */
public record ServiceBackend(String pod, String node, String address) {

    public ServiceBackend {
        Require.nonBlank(pod, "service backend pod");
        Require.segment(node, "node of service backend " + pod);
        Require.nonBlank(address, "address of service backend " + pod);
    }
}
