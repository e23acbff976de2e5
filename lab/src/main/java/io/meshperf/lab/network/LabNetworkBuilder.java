package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandRunner;
import io.meshperf.agent.netns.Link;
import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.VirtualNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build steps of a namespace lab, in the order the lab recipe gives (switch and root leg, then
 * each node with its pods and VXLAN device, then every node's peer entries, then the rules). Every
 * namespace and root-namespace interface is registered in the {@link VirtualNetwork} the moment it
 * exists; what this class adds inside a namespace (VXLAN device, FDB and neighbour entries, onlink
 * routes, hairpin flags) goes with that namespace. Runs on the caller's thread and blocks.
 */
final class LabNetworkBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(LabNetworkBuilder.class);

    /** Interface names, after the lab's prefix; Kubernetes' and Flannel's names in brackets. */
    static final String SWITCH_BRIDGE = "br0";
    static final String ROOT_LEG = "host";
    static final String ROOT_LEG_PEER = "swhost";
    static final String NODE_NIC = "eth0";        // eth0
    static final String POD_BRIDGE = "cni0";      // cni0
    static final String VXLAN = "vxlan.1";        // flannel.1
    static final String POD_NIC = "eth0";         // the pod's eth0
    private static final String SERVICE_CIDR = LabNetworkSpec.SERVICE_CIDR;

    private final VirtualNetwork net;
    private final CommandRunner runner;
    private final LabNetworkSpec spec;
    private final boolean bridgeNetfilter;

    LabNetworkBuilder(VirtualNetwork net, CommandRunner runner, LabNetworkSpec spec) {
        this.net = net;
        this.runner = runner;
        this.spec = spec;
        // /proc/sys/net/bridge exists (in every namespace) only when br_netfilter is loaded or built in.
        this.bridgeNetfilter = Files.isDirectory(Path.of("/proc/sys/net/bridge"));
    }

    /**
     * Builds everything {@code plan} describes. On failure what exists stays registered in the
     * network, whose close removes it.
     *
     * @return the plan with the VTEP MACs filled in
     */
    LabMap build(LabMap plan, String ownerTag) {
        if (!bridgeNetfilter) {
            LOG.warn("br_netfilter is not loaded (no /proc/sys/net/bridge): a pod calling the ClusterIP will fail"
                    + " whenever it draws a backend on its own node; 'modprobe br_netfilter' fixes that");
        }
        Link switchBridge = buildSwitch(plan, ownerTag);
        List<LabNode> nodes = new ArrayList<>();
        for (LabNode node : plan.nodes()) {
            nodes.add(buildNode(node, switchBridge));
        }
        for (LabNode node : nodes) {
            addPeers(node, nodes);
        }
        LabMap built = new LabMap(plan.loopback(), plan.note(), plan.prefix(), plan.underlaySubnet(),
                plan.brokerAddress(), nodes, plan.clusterIp(), plan.servicePorts());
        for (LabNode node : nodes) {
            // As kube-proxy does: one iptables-restore per node, keeping the built-in chains.
            net.iptablesRestore(node.namespace(), ServiceRules.kubeProxy(built));
            net.iptablesRestore(node.namespace(), ServiceRules.clusterMasquerade(built, node));
        }
        return built;
    }

    /** The underlay switch in a namespace of its own, and the root namespace's leg on it. */
    private Link buildSwitch(LabMap plan, String ownerTag) {
        Namespace sw = net.namespace("sw");
        if (bridgeNetfilter) {
            // A switch only forwards frames: the VXLAN traffic it carries must not meet netfilter.
            net.sysctl(sw, "net.bridge.bridge-nf-call-iptables", "0");
            net.sysctl(sw, "net.bridge.bridge-nf-call-ip6tables", "0");
            net.sysctl(sw, "net.bridge.bridge-nf-call-arptables", "0");
        }
        Link bridge = net.bridge(sw, SWITCH_BRIDGE);
        // The owner's PID on the switch lets 'lab clean' tell a running lab from a leftover.
        runner.check(List.of("ip", "-n", sw.name(), "link", "set", bridge.name(), "alias", ownerTag));
        List<Link> leg = net.veth(Namespace.root(), ROOT_LEG, sw, ROOT_LEG_PEER, spec.underlayMtu());
        net.attach(leg.get(1), bridge);
        net.address(leg.get(0), plan.brokerAddress() + "/24");
        requireUnderlayOurs(plan, leg.get(0));
        return bridge;
    }

    /**
     * Two labs starting at the same moment could both have found the same underlay free; the second
     * address would then be accepted on another interface and both labs' routing would break. So
     * the choice is checked again once this lab's address is in place.
     */
    private void requireUnderlayOurs(LabMap plan, Link leg) {
        String out = runner.check(List.of("ip", "-4", "-o", "addr", "show", "to", plan.underlaySubnet())).stdout();
        List<String> others = out.lines().map(l -> l.split("\\s+")).filter(f -> f.length > 1)
                .map(f -> f[1].split("@")[0]).filter(name -> !name.equals(leg.name())).toList();
        if (!others.isEmpty()) {
            throw new IllegalStateException("underlay " + plan.underlaySubnet() + " was taken by " + others
                    + " while this lab was being built; build again to pick another");
        }
    }

    private LabNode buildNode(LabNode node, Link switchBridge) {
        Namespace ns = net.namespace(node.name());
        // 0 in every new namespace: without it pods on other nodes are unreachable.
        net.sysctl(ns, "net.ipv4.ip_forward", "1");
        net.sysctl(ns, "net.ipv4.conf.all.rp_filter", "0");
        net.sysctl(ns, "net.ipv4.conf.default.rp_filter", "0");
        if (bridgeNetfilter) {
            // Per namespace: replies bridged from a same-node backend must still meet conntrack to be un-DNATed.
            net.sysctl(ns, "net.bridge.bridge-nf-call-iptables", "1");
        }
        List<Link> nic = net.veth(ns, NODE_NIC, switchBridge.namespace(), "sw" + node.index(), spec.underlayMtu());
        net.attach(nic.get(1), switchBridge);
        Link eth0 = nic.get(0);
        net.address(eth0, node.ip() + "/24");
        // A real node's default route covers ClusterIPs; without one, the OUTPUT hook is never reached.
        net.route(eth0, SERVICE_CIDR, null);

        Link cni0 = net.bridge(ns, POD_BRIDGE);
        net.address(cni0, node.gatewayIp() + "/24");
        for (int p = 0; p < node.pods().size(); p++) {
            buildPod(ns, cni0, node, node.pods().get(p), p + 1);
        }
        return node.withVtepMac(buildVxlan(ns, eth0, node));
    }

    private void buildPod(Namespace nodeNs, Link cni0, LabNode node, LabPod pod, int index) {
        Namespace podNs = net.namespace(pod.name());
        if (!podNs.equals(pod.namespace())) {
            throw new IllegalStateException("planned namespace " + pod.namespace() + " but created " + podNs);
        }
        List<Link> veth = net.veth(nodeNs, "veth" + index, podNs, POD_NIC, spec.overlayMtu());
        net.attach(veth.get(0), cni0);
        // Lets a pod reach itself through the Service: a bridge never sends a frame back out of the
        // port it came from unless that port is in hairpin mode.
        runner.check(List.of("bridge", "-n", nodeNs.name(), "link", "set", "dev", veth.get(0).name(), "hairpin", "on"));
        net.address(veth.get(1), pod.ip() + "/24");
        net.route(veth.get(1), "default", node.gatewayIp());
    }

    /** Flannel's VXLAN device: no learning, so only the static entries {@link #addPeers} writes are used. */
    private String buildVxlan(Namespace ns, Link eth0, LabNode node) {
        Link vxlan = new Link(ns, net.linkName(VXLAN));
        runner.check(List.of("ip", "-n", ns.name(), "link", "add", vxlan.name(), "type", "vxlan",
                "id", Integer.toString(LabNetworkSpec.VXLAN_ID), "local", node.ip(), "dev", eth0.name(),
                "dstport", Integer.toString(LabNetworkSpec.VXLAN_PORT), "nolearning"));
        // Set after the underlay's MTU, never above it minus 50, or the outer packets fragment.
        runner.check(List.of("ip", "-n", ns.name(), "link", "set", vxlan.name(), "mtu",
                Integer.toString(spec.overlayMtu())));
        net.address(vxlan, node.vtepIp() + "/32");
        net.up(vxlan);
        String brief = runner.check(List.of("ip", "-n", ns.name(), "-br", "link", "show", "dev", vxlan.name())).stdout();
        String[] fields = brief.strip().split("\\s+");
        if (fields.length < 3 || !fields[2].matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new IllegalStateException("cannot read the MAC of " + vxlan + " from: " + brief.strip());
        }
        return fields[2];
    }

    /**
     * What flanneld adds on {@code node} for every other node: a route to its pod subnet through the
     * VXLAN device ({@code onlink}, since the peer's VTEP address is in no subnet of a /32 device), a
     * permanent neighbour entry (that VTEP's MAC) and a permanent FDB entry (that MAC is behind that
     * node's underlay IP). No ARP or flooding ever happens on the overlay.
     */
    private void addPeers(LabNode node, List<LabNode> all) {
        String ns = node.namespace().name();
        String dev = net.linkName(VXLAN);
        for (LabNode peer : all) {
            if (peer.index() == node.index()) {
                continue;
            }
            runner.check(List.of("ip", "-n", ns, "route", "add", peer.podSubnet(), "via", peer.vtepIp(), "dev", dev,
                    "onlink"));
            runner.check(List.of("ip", "-n", ns, "neigh", "replace", peer.vtepIp(), "lladdr", peer.vtepMac(), "dev", dev,
                    "nud", "permanent"));
            runner.check(List.of("bridge", "-n", ns, "fdb", "replace", peer.vtepMac(), "dev", dev, "dst", peer.ip(),
                    "self", "permanent"));
        }
    }
}
