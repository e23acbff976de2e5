package io.meshperf.coordinator.discovery;

import io.meshperf.schemas.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of what one cluster offers to measure: its nodes, the probe agents of both
 * networks, and the agent Service (if any).
 *
 * <p>Checked when built: a blank cluster name, duplicate node names or agent ids, an agent on an
 * unknown node, an agent id that does not follow {@code <cluster>/<node>/<pod|host>}, or two agents
 * of one network on one node throw {@link IllegalArgumentException} naming the culprit. A source
 * that sees an inconsistent picture (an agent pod before its node reaches the cache, say) leaves the
 * orphan out rather than building an invalid set.
 *
 * <p>Nodes are kept sorted by name and agents by id, so two sets built from the same facts in a
 * different order are equal and every plan made from them is the same. Safe to share between
 * threads; all methods are non-blocking look-ups.
 */
public final class TargetSet {

    private final String cluster;
    private final List<Node> nodes;
    private final List<Agent> agents;
    private final AgentService service;
    private final Map<String, Node> nodesByName;
    private final Map<String, Agent> podAgents;
    private final Map<String, Agent> hostAgents;
    private final List<String> measurableNodes;

    /**
     * @param cluster the cluster name, a single id segment (no '/')
     * @param nodes the nodes, any order
     * @param agents the agents of both networks, any order
     * @param service the agent Service, or null when the cluster has none
     */
    public TargetSet(String cluster, Collection<Node> nodes, Collection<Agent> agents, AgentService service) {
        this.cluster = Require.segment(cluster, "cluster name");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(agents, "agents");
        this.service = service;

        // Collection.contains(null) throws on immutable lists, so look for nulls by hand.
        for (Collection<?> values : List.of(nodes, agents)) {
            for (Object value : values) {
                if (value == null) {
                    throw new IllegalArgumentException("nodes and agents of cluster " + cluster + " must not contain null");
                }
            }
        }
        List<Node> sortedNodes = new ArrayList<>(nodes);
        sortedNodes.sort(Comparator.comparing(Node::name));
        Map<String, Node> byName = new HashMap<>(sortedNodes.size() * 2);
        for (Node node : sortedNodes) {
            if (byName.putIfAbsent(node.name(), node) != null) {
                throw new IllegalArgumentException("duplicate node name " + node.name() + " in cluster " + cluster);
            }
        }
        this.nodes = List.copyOf(sortedNodes);
        this.nodesByName = byName;

        List<Agent> sortedAgents = new ArrayList<>(agents);
        sortedAgents.sort(Comparator.comparing(Agent::id));
        this.podAgents = new HashMap<>(sortedAgents.size() * 2);
        this.hostAgents = new HashMap<>(sortedAgents.size() * 2);
        for (Agent agent : sortedAgents) {
            checkAgent(agent);
            Map<String, Agent> index = agent.network() == Network.POD ? podAgents : hostAgents;
            if (index.putIfAbsent(agent.node(), agent) != null) {
                throw new IllegalArgumentException("duplicate agent id " + agent.id());
            }
        }
        this.agents = List.copyOf(sortedAgents);
        this.measurableNodes = computeMeasurableNodes();
    }

    /** A set with no nodes, agents or Service, as a source reports before its first sync. */
    public static TargetSet empty(String cluster) {
        return new TargetSet(cluster, List.of(), List.of(), null);
    }

    private void checkAgent(Agent agent) {
        if (!nodesByName.containsKey(agent.node())) {
            throw new IllegalArgumentException("agent " + agent.id() + " is on unknown node " + agent.node());
        }
        String expected = Agent.idFor(cluster, agent.node(), agent.network());
        if (!expected.equals(agent.id())) {
            throw new IllegalArgumentException("agent id " + agent.id() + " must be " + expected
                    + " (<cluster>/<node>/<pod|host>)");
        }
    }

    private List<String> computeMeasurableNodes() {
        List<String> names = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            if (readyAgent(node.name(), Network.HOST) != null || readyAgent(node.name(), Network.POD) != null) {
                names.add(node.name());
            }
        }
        return List.copyOf(names);
    }

    public String cluster() {
        return cluster;
    }

    /** All nodes, sorted by name, ready or not. */
    public List<Node> nodes() {
        return nodes;
    }

    /** All agents of both networks, sorted by id, ready or not. */
    public List<Agent> agents() {
        return agents;
    }

    /** The agent Service, if the cluster has one (it may have no ready backend). */
    public Optional<AgentService> service() {
        return Optional.ofNullable(service);
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodesByName.get(name));
    }

    public Optional<Agent> agent(String node, Network network) {
        return Optional.ofNullable((network == Network.POD ? podAgents : hostAgents).get(node));
    }

    /**
     * The agent of that network on that node if both the agent and its node are ready, else null.
     * Null rather than Optional because the planner asks this millions of times per cycle.
     */
    public Agent readyAgent(String node, Network network) {
        Node n = nodesByName.get(node);
        if (n == null || !n.ready()) {
            return null;
        }
        Agent agent = (network == Network.POD ? podAgents : hostAgents).get(node);
        return agent != null && agent.ready() ? agent : null;
    }

    /** The Service if it exists and has at least one ready backend, else null. */
    public AgentService readyService() {
        return service != null && service.ready() ? service : null;
    }

    /**
     * Names of the nodes that can take part in a measurement: ready, with at least one ready agent.
     * Sorted by name; the planners' rotations index into this list.
     */
    public List<String> measurableNodes() {
        return measurableNodes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetSet other
                && cluster.equals(other.cluster)
                && nodes.equals(other.nodes)
                && agents.equals(other.agents)
                && Objects.equals(service, other.service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, nodes, agents, service);
    }

    @Override
    public String toString() {
        return "TargetSet[cluster=" + cluster + ", nodes=" + nodes.size() + ", agents=" + agents.size()
                + ", measurable=" + measurableNodes.size() + ", service="
                + (service == null ? "none" : service.name() + "(" + service.backends().size() + " backends)") + "]";
    }
}
