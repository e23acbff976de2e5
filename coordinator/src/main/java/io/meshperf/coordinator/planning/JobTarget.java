package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.Network;
import java.util.Objects;

/**
 * Where a planned job's tests go: another agent (kind NODE or POD) or the agent Service (SERVICE).
 * The immutable twin of the Avro {@code Endpoint}.
 *
 * @param kind NODE for a host-network agent, POD for a pod-network agent, SERVICE for the Service
 * @param host the address (or Service DNS name) to connect to
 * @param port the qperf control port there
 * @param node the node behind the address; null for a Service
 * @param pod {@code namespace/name} of the target pod; null unless it is one pod
 * @param service {@code namespace/name} of the Service; null unless kind is SERVICE
 * @param agentId the agent behind the address when it is exactly one; null for a Service
 */
public record JobTarget(EndpointKind kind, String host, int port, String node, String pod, String service,
                        String agentId) {

    public JobTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        if (kind == EndpointKind.SERVICE ? service == null : agentId == null) {
            throw new IllegalArgumentException("a " + kind + " target needs "
                    + (kind == EndpointKind.SERVICE ? "a service name" : "an agent id"));
        }
    }

    /** The agent itself as a target: kind NODE for a host agent, POD for a pod agent. */
    public static JobTarget of(Agent agent) {
        EndpointKind kind = agent.network() == Network.HOST ? EndpointKind.NODE : EndpointKind.POD;
        return new JobTarget(kind, agent.address(), agent.port(), agent.node(), agent.pod(), null, agent.id());
    }

    /** The Service as a target; which backend serves is kube-proxy's choice, so no node or agent. */
    public static JobTarget of(AgentService service) {
        return new JobTarget(EndpointKind.SERVICE, service.host(), service.port(), null, null, service.name(), null);
    }
}
