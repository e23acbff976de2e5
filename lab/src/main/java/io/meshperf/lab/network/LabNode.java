package io.meshperf.lab.network;

import io.meshperf.agent.netns.Namespace;
import java.util.List;

/**
 * One node of the lab: a network namespace on the underlay with its own pod subnet, pod bridge and
 * VXLAN device (or, in loopback mode, an address on {@code lo} of the root namespace). Immutable.
 *
 * @param name {@code n<index>}, e.g. {@code n1}
 * @param index from 1
 * @param namespace where its host-network processes run; the root namespace in loopback mode
 * @param ip its underlay ("node") IP
 * @param podSubnet the pod CIDR it owns, e.g. {@code 10.244.1.0/24}; empty in loopback mode
 * @param gatewayIp its address on the pod bridge, the pods' default gateway; empty in loopback mode
 * @param vtepIp its VXLAN device's address (the subnet's .0, as Flannel gives it); empty in loopback mode
 * @param vtepMac its VXLAN device's MAC (what Flannel publishes as VtepMAC); empty until built and in loopback mode
 * @param pods its pods, in order
 */
public record LabNode(String name, int index, Namespace namespace, String ip, String podSubnet, String gatewayIp,
        String vtepIp, String vtepMac, List<LabPod> pods) {

    public LabNode {
        pods = List.copyOf(pods);
    }

    /** This node with its VXLAN device's MAC filled in. */
    public LabNode withVtepMac(String mac) {
        return new LabNode(name, index, namespace, ip, podSubnet, gatewayIp, vtepIp, mac, pods);
    }
}
