package io.meshperf.coordinator.bench;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.Node;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the target set of an imaginary, healthy cluster for benchmarks: N ready nodes spread evenly
 * over zones, a host and a pod agent on each, and an agent Service backed by every pod agent.
 * Deterministic; no I/O.
 */
final class SyntheticCluster {

    static final int QPERF_PORT = 19765;

    private SyntheticCluster() {
    }

    static TargetSet build(String cluster, int nodeCount, int zones) {
        if (nodeCount < 0 || nodeCount > 65_000) {
            throw new IllegalArgumentException("node count must be in 0..65000, got " + nodeCount);
        }
        if (zones < 1) {
            throw new IllegalArgumentException("zones must be at least 1, got " + zones);
        }
        List<Node> nodes = new ArrayList<>(nodeCount);
        List<Agent> agents = new ArrayList<>(nodeCount * 2);
        List<ServiceBackend> backends = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            String name = String.format("node-%05d", i);
            nodes.add(new Node(name, "zone-" + (i % zones), "region-0", true, true));
            String hostIp = "10.0." + (i / 250) + "." + (i % 250 + 1);
            String podIp = "10.244." + (i / 250) + "." + (i % 250 + 1);
            String pod = "meshperf/agent-pod-" + i;
            agents.add(new Agent(Agent.idFor(cluster, name, Network.HOST), name, Network.HOST,
                    "meshperf/agent-host-" + i, hostIp, QPERF_PORT, true));
            agents.add(new Agent(Agent.idFor(cluster, name, Network.POD), name, Network.POD, pod, podIp,
                    QPERF_PORT, true));
            backends.add(new ServiceBackend(pod, name, podIp));
        }
        AgentService service = new AgentService("meshperf/meshperf-agent", "10.96.0.42", QPERF_PORT, backends);
        return new TargetSet(cluster, nodes, agents, service);
    }
}
