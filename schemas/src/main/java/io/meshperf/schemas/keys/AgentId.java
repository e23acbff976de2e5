package io.meshperf.schemas.keys;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Network;
import java.util.Objects;

/**
 * A probe agent's id, {@code <cluster>/<node>/<pod|host>}: the key of its jobs and registrations.
 *
 * <p>An agent in the pod network is named by its pod, {@code namespace/name}, so its id reads
 * {@code prod/node-a/meshperf/agent-x2k9f}; the one agent in a node's own network (hostNetwork) ends
 * in the literal {@code host}: {@code prod/node-a/host}. Cluster and node names may not contain '/',
 * so the id always splits unambiguously. Immutable; construction validates and throws
 * {@link IllegalArgumentException} naming the bad part.
 *
 * @param cluster cluster name
 * @param node Kubernetes node name, or host name outside Kubernetes
 * @param network {@link Network#POD} or {@link Network#HOST}
 * @param pod {@code namespace/name} of the agent pod for POD, null for HOST
 */
public record AgentId(String cluster, String node, Network network, String pod) {

    /** Last segment of a host-network agent's id. */
    public static final String HOST = "host";

    /** Validates every part; see the type description. */
    public AgentId {
        Names.segment("cluster", cluster);
        Names.segment("node", node);
        Objects.requireNonNull(network, "network");
        switch (network) {
            case HOST -> {
                if (pod != null) {
                    throw new IllegalArgumentException("a host-network agent has no pod, got '" + pod + "'");
                }
            }
            case POD -> {
                String[] parts = Names.split("pod", pod, 2, "namespace/name");
                Names.segment("pod namespace", parts[0]);
                Names.segment("pod name", parts[1]);
            }
            default -> throw new IllegalArgumentException("agent network must be POD or HOST, not " + network);
        }
    }

    /** The agent in {@code node}'s own network. */
    public static AgentId host(String cluster, String node) {
        return new AgentId(cluster, node, Network.HOST, null);
    }

    /** The pod-network agent running as {@code pod} ({@code namespace/name}) on {@code node}. */
    public static AgentId pod(String cluster, String node, String pod) {
        return new AgentId(cluster, node, Network.POD, pod);
    }

    /**
     * Parses {@code <cluster>/<node>/host} or {@code <cluster>/<node>/<namespace>/<name>}.
     *
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static AgentId parse(String id) {
        String[] parts = Names.split("agent id", id, 3, "<cluster>/<node>/<pod|host>");
        return HOST.equals(parts[2]) ? host(parts[0], parts[1]) : pod(parts[0], parts[1], parts[2]);
    }

    /** The id of the agent {@code ref} names, checked against its fields. */
    public static AgentId of(AgentRef ref) {
        AgentId id = new AgentId(ref.getCluster(), ref.getNode(), ref.getNetwork(),
                ref.getNetwork() == Network.POD ? ref.getPod() : null);
        if (!id.toString().equals(ref.getAgentId())) {
            throw new IllegalArgumentException("AgentRef.agentId '" + ref.getAgentId() + "' does not match its cluster,"
                    + " node, network and pod, which make '" + id + "'");
        }
        return id;
    }

    /** An {@link AgentRef} for this agent measuring from {@code address} (may be null). */
    public AgentRef toRef(String address) {
        return AgentRef.newBuilder().setAgentId(toString()).setCluster(cluster).setNode(node).setNetwork(network)
                .setPod(pod).setAddress(address).build();
    }

    /** The id text, {@code <cluster>/<node>/<pod|host>}. */
    @Override
    public String toString() {
        return cluster + "/" + node + "/" + (network == Network.HOST ? HOST : pod);
    }
}
