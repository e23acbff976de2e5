package io.meshperf.coordinator.discovery.registration;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.Network;
import java.time.Instant;
import java.util.List;

/** Registrations as agents of the cluster {@code lab} write them. */
final class Registrations {

    static final String CLUSTER = "lab";
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private Registrations() {
    }

    static AgentInfo podAgent(String node, String podIp, Instant heartbeat) {
        return agent(CLUSTER + "/" + node + "/pod", node, Network.POD, podIp, "192.168.0." + node.substring(1),
                heartbeat);
    }

    static AgentInfo hostAgent(String node, Instant heartbeat) {
        String nodeIp = "192.168.0." + node.substring(1);
        return agent(CLUSTER + "/" + node + "/host", node, Network.HOST, null, nodeIp, heartbeat);
    }

    static AgentInfo agent(String id, String node, Network network, String podIp, String nodeIp, Instant heartbeat) {
        return AgentInfo.newBuilder()
                .setAgentId(id)
                .setCluster(CLUSTER)
                .setNode(node)
                .setZone("zone-" + node)
                .setRegion("region-1")
                .setPodIp(podIp)
                .setNodeIp(nodeIp)
                .setNetwork(network)
                .setQperfPort(19765)
                .setVersion("0.1.0")
                .setCapabilities(List.of())
                .setStartedAt(T0)
                .setLastHeartbeat(heartbeat)
                .build();
    }

    static AgentInfo withHeartbeat(AgentInfo info, Instant heartbeat) {
        return AgentInfo.newBuilder(info).setLastHeartbeat(heartbeat).build();
    }
}
