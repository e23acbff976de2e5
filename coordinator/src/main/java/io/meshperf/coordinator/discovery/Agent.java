package io.meshperf.coordinator.discovery;

import io.meshperf.schemas.Network;
import io.meshperf.schemas.keys.AgentId;

/**
 * One probe agent: a qperf-compatible server and client living on a node in one network.
 *
 * <p>Immutable and checked when built ({@link IllegalArgumentException} naming the field). Whether
 * the id matches {@code <cluster>/<node>/<pod|host>} and the node exists is checked by the
 * {@link TargetSet} that holds it, because only the set knows the cluster and its nodes.
 *
 * @param id {@code <cluster>/<node>/<pod|host>}, see {@link #idFor}
 * @param node the node it runs on
 * @param network {@link Network#POD} or {@link Network#HOST}
 * @param pod {@code namespace/name} of the agent pod, null outside Kubernetes
 * @param address the address peers reach it on: the pod IP, or the node IP for a host agent
 * @param port its qperf listen (control) port
 * @param ready whether the agent is ready to serve and run tests
 */
public record Agent(String id, String node, Network network, String pod, String address, int port, boolean ready) {

    public Agent {
        Require.nonBlank(id, "agent id");
        Require.segment(node, "node of agent " + id);
        if (network != Network.POD && network != Network.HOST) {
            throw new IllegalArgumentException("network of agent " + id + " must be POD or HOST, got " + network);
        }
        if (pod != null) {
            Require.nonBlank(pod, "pod of agent " + id);
        }
        Require.nonBlank(address, "address of agent " + id);
        Require.port(port, "port of agent " + id);
    }

    /** The agent id convention: {@code <cluster>/<node>/pod} or {@code <cluster>/<node>/host}. */
    public static String idFor(String cluster, String node, Network network) {
        return new AgentId(cluster, node, network).toString();
    }
}
