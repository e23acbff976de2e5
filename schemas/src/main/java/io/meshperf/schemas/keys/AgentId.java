package io.meshperf.schemas.keys;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Network;
import java.util.Locale;
import java.util.Objects;

/**
 * A probe agent's id, {@code <cluster>/<node>/<pod|host>}: the key of its jobs and registrations.
 *
 * <p>Each node runs one agent per network, so the last segment is the network itself, the literal
 * {@code pod} or {@code host}: {@code prod/node-a/pod}, {@code prod/node-a/host}. The id stays the
 * same when a DaemonSet replaces the agent's pod, which matters because the id picks the agent's
 * job partition and names its consumer group: a new pod resumes where the old one stopped. The pod's
 * own name travels beside the id ({@link AgentRef#getPod()}). Cluster and node names may not contain
 * '/', so the id always splits unambiguously. Immutable; construction validates and throws
 * {@link IllegalArgumentException} naming the bad part.
 *
 * @param cluster cluster name
 * @param node Kubernetes node name, or host name outside Kubernetes
 * @param network {@link Network#POD} or {@link Network#HOST}
 */
public record AgentId(String cluster, String node, Network network) {

    /** Last segment of a host-network agent's id. */
    public static final String HOST = "host";
    /** Last segment of a pod-network agent's id. */
    public static final String POD = "pod";

    /** Validates every part; see the type description. */
    public AgentId {
        Names.segment("cluster", cluster);
        Names.segment("node", node);
        Objects.requireNonNull(network, "network");
        if (network != Network.POD && network != Network.HOST) {
            throw new IllegalArgumentException("agent network must be POD or HOST, not " + network);
        }
    }

    /** The agent in {@code node}'s own network. */
    public static AgentId host(String cluster, String node) {
        return new AgentId(cluster, node, Network.HOST);
    }

    /** The agent in the pod network on {@code node}. */
    public static AgentId pod(String cluster, String node) {
        return new AgentId(cluster, node, Network.POD);
    }

    /**
     * Parses {@code <cluster>/<node>/pod} or {@code <cluster>/<node>/host}.
     *
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static AgentId parse(String id) {
        String[] parts = Names.split("agent id", id, 3, "<cluster>/<node>/<pod|host>");
        return switch (parts[2]) {
            case HOST -> host(parts[0], parts[1]);
            case POD -> pod(parts[0], parts[1]);
            default -> throw new IllegalArgumentException("agent id '" + id + "' must end in /" + POD + " or /" + HOST
                    + ", not /" + parts[2]);
        };
    }

    /** The id of the agent {@code ref} names, checked against its cluster, node and network. */
    public static AgentId of(AgentRef ref) {
        AgentId id = new AgentId(ref.getCluster(), ref.getNode(), ref.getNetwork());
        if (!id.toString().equals(ref.getAgentId())) {
            throw new IllegalArgumentException("AgentRef.agentId '" + ref.getAgentId() + "' does not match its cluster,"
                    + " node and network, which make '" + id + "'");
        }
        return id;
    }

    /**
     * An {@link AgentRef} for this agent.
     *
     * @param pod {@code namespace/name} of the agent's pod, null outside Kubernetes or for a host agent
     * @param address the address it measures from, may be null
     */
    public AgentRef toRef(String pod, String address) {
        return AgentRef.newBuilder().setAgentId(toString()).setCluster(cluster).setNode(node).setNetwork(network)
                .setPod(pod).setAddress(address).build();
    }

    /** The id text, {@code <cluster>/<node>/<pod|host>}. */
    @Override
    public String toString() {
        return cluster + "/" + node + "/" + network.name().toLowerCase(Locale.ROOT);
    }
}
