package io.meshperf.lab.network;

import io.meshperf.agent.netns.ServicePort;
import java.util.List;
import java.util.Optional;

/**
 * Where everything of a lab is: nodes, pods, their addresses, the ClusterIP and its backends, and
 * where the Kafka broker listens so that every namespace reaches it. The same value describes a
 * namespace lab and a loopback lab, so the orchestration asks it for addresses without caring which
 * one it got. Immutable.
 *
 * @param loopback true when everything runs in the root namespace on 127.0.0.x addresses
 * @param note one line saying what kind of network this is and, for loopback, why
 * @param prefix the prefix of every name the lab created; empty in loopback mode
 * @param underlaySubnet the nodes' network, e.g. {@code 10.99.0.0/24} ({@code 127.0.0.0/8} in loopback mode)
 * @param brokerAddress the root namespace's address on the underlay (its leg), reachable from every
 *     node and pod; {@code 127.0.0.1} in loopback mode
 * @param nodes the nodes, in order
 * @param clusterIp the Service's virtual address; empty in loopback mode, where there is no Service
 * @param servicePorts the Service's ports (TCP and UDP for each port number); empty in loopback mode
 */
public record LabMap(boolean loopback, String note, String prefix, String underlaySubnet, String brokerAddress,
        List<LabNode> nodes, Optional<String> clusterIp, List<ServicePort> servicePorts) {

    public LabMap {
        nodes = List.copyOf(nodes);
        servicePorts = List.copyOf(servicePorts);
    }

    /** Every pod of every node, node by node. */
    public List<LabPod> pods() {
        return nodes.stream().flatMap(n -> n.pods().stream()).toList();
    }

    /** The pods that are endpoints of the ClusterIP, in endpoint order (the first pod of each node). */
    public List<LabPod> backends() {
        return pods().stream().filter(LabPod::backend).toList();
    }

    /** Node {@code index} (from 1). */
    public LabNode node(int index) {
        if (index < 1 || index > nodes.size()) {
            throw new IllegalArgumentException("no node " + index + ": the lab has nodes 1 to " + nodes.size());
        }
        return nodes.get(index - 1);
    }

    /** The map as the lab prints it: one line per node and pod, then the Service. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(note).append('\n');
        out.append(String.format("underlay %s, broker address %s%s%n", underlaySubnet, brokerAddress,
                prefix.isEmpty() ? "" : ", names prefixed " + prefix));
        for (LabNode node : nodes) {
            out.append(String.format("node %-4s %-15s", node.name(), node.ip()));
            if (!loopback) {
                out.append(String.format(" ns %-16s pods %-15s gw %-12s vtep %s %s", node.namespace().name(),
                        node.podSubnet(), node.gatewayIp(), node.vtepIp(), node.vtepMac()));
            }
            out.append('\n');
            for (LabPod pod : node.pods()) {
                out.append(String.format("  pod %-7s %-15s", pod.name(), pod.ip()));
                if (!loopback) {
                    out.append(" ns ").append(pod.namespace().name());
                }
                out.append(pod.backend() && clusterIp.isPresent() ? "  (Service backend)" : "").append('\n');
            }
        }
        clusterIp.ifPresentOrElse(ip -> {
            out.append("ClusterIP ").append(ip).append(" ports");
            servicePorts.forEach(p -> out.append(' ').append(p.port()).append('/').append(p.protocol()));
            out.append(" -> ").append(String.join(", ", backends().stream().map(LabPod::ip).toList())).append('\n');
        }, () -> out.append("no ClusterIP: a Service path goes straight to one backend\n"));
        return out.toString();
    }
}
