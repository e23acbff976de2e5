package io.meshperf.coordinator.discovery.registration;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.Node;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.AgentInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the live registrations of one cluster into a {@link TargetSet}.
 *
 * <p>Outside Kubernetes nothing but the agents knows the nodes: a node exists while one of its
 * agents is registered, it is ready and schedulable (there is no kubelet to say otherwise), and its
 * zone and region are the ones its agents reported. A registered agent is ready: it heartbeats.
 * When an agent restarted under a new id before its old registration expired, the one with the
 * latest heartbeat is the agent of that node and network.
 *
 * <p>Pure and stateless; never throws for registrations {@link AgentRegistry} accepted.
 */
final class RegistrationTargets {

    private RegistrationTargets() {
    }

    static TargetSet assemble(String cluster, List<AgentInfo> live, Optional<ServiceAddress> service) {
        Map<String, AgentInfo> latest = new TreeMap<>();
        for (AgentInfo info : live) {
            latest.merge(info.getNode() + "/" + info.getNetwork(), info,
                    (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        Map<String, Node> nodes = new TreeMap<>();
        List<AgentInfo> byId = latest.values().stream().sorted(Comparator.comparing(AgentInfo::getAgentId)).toList();
        for (AgentInfo info : byId) {
            nodes.merge(info.getNode(), node(info), RegistrationTargets::withLabels);
        }
        List<Agent> agents = byId.stream()
                .map(info -> new Agent(Agent.idFor(cluster, info.getNode(), info.getNetwork()), info.getNode(),
                        info.getNetwork(), info.getPod(), AgentRegistry.address(info), info.getQperfPort(), true))
                .toList();
        AgentService agentService = service
                .map(address -> AgentService.unlisted(address.toString(), address.host(), address.port()))
                .orElse(null);
        return new TargetSet(cluster, nodes.values(), agents, agentService);
    }

    private static final Comparator<AgentInfo> NEWEST_FIRST = Comparator
            .comparing(AgentInfo::getLastHeartbeat).reversed()
            .thenComparing(AgentInfo::getAgentId);

    private static Node node(AgentInfo info) {
        return new Node(info.getNode(), orEmpty(info.getZone()), orEmpty(info.getRegion()), true, true);
    }

    /** The first agent (by id) that reported a zone or region wins; later ones fill gaps only. */
    private static Node withLabels(Node known, Node other) {
        return new Node(known.name(), known.zone().isEmpty() ? other.zone() : known.zone(),
                known.region().isEmpty() ? other.region() : known.region(), true, true);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
