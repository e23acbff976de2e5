package io.meshperf.lab.network;

import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes the lab's names and addresses from a spec, before anything is built: node N is
 * {@code 10.99.X.(10+N)} on the underlay and owns {@code 10.244.N.0/24} (VTEP {@code .0}, gateway
 * {@code .1}, pods from {@code .2}); the root namespace's leg is {@code 10.99.X.1}. In loopback mode
 * nodes are {@code 127.0.0.(10+N)} and pods follow from {@code 127.0.0.101}. Pure.
 */
public final class AddressPlan {

    /** The underlay's first two octets; the third is chosen per run (see {@link UnderlayChoice}). */
    public static final String UNDERLAY_BASE = "10.99.";
    /** Most nodes and pods a loopback lab can number on 127.0.0.x (nodes .11 up, pods .101 up to .254). */
    public static final int LOOPBACK_MAX_PODS = 154;
    public static final int LOOPBACK_MAX_NODES = 89;

    private AddressPlan() {
    }

    /** The namespace lab's map, without VTEP MACs (known once the devices exist). */
    public static LabMap plan(LabNetworkSpec spec, String prefix, int underlayThirdOctet) {
        String underlay = UNDERLAY_BASE + underlayThirdOctet + ".";
        List<LabNode> nodes = new ArrayList<>();
        for (int n = 1; n <= spec.nodes(); n++) {
            List<LabPod> pods = new ArrayList<>();
            for (int p = 1; p <= spec.podsPerNode(); p++) {
                String name = "n" + n + "-p" + p;
                pods.add(new LabPod(name, n, new Namespace(prefix + "-" + name), "10.244." + n + "." + (1 + p), p == 1));
            }
            nodes.add(new LabNode("n" + n, n, new Namespace(prefix + "-n" + n), underlay + (10 + n),
                    "10.244." + n + ".0/24", "10.244." + n + ".1", "10.244." + n + ".0", "", pods));
        }
        return new LabMap(false, "namespace lab: " + spec.nodes() + " nodes on an underlay switch, pod subnets joined"
                + " by VXLAN (Flannel's backend), a ClusterIP made of kube-proxy's iptables rules", prefix,
                underlay + "0/24", underlay + "1", nodes, Optional.of(LabNetworkSpec.CLUSTER_IP), servicePorts(spec));
    }

    /**
     * A loopback lab's map: every node and pod is an address on {@code lo}, so every path is the same
     * loopback path and there is no ClusterIP.
     *
     * @param why the reason namespaces are not used, put into the map's note line
     */
    public static LabMap loopback(int nodeCount, int podsPerNode, String why) {
        if (nodeCount < 1 || nodeCount > LOOPBACK_MAX_NODES) {
            throw new IllegalArgumentException("a loopback lab has 1 to " + LOOPBACK_MAX_NODES + " nodes, asked for "
                    + nodeCount);
        }
        if (podsPerNode < 1 || (long) nodeCount * podsPerNode > LOOPBACK_MAX_PODS) {
            throw new IllegalArgumentException("a loopback lab has at most " + LOOPBACK_MAX_PODS + " pods in all, asked"
                    + " for " + nodeCount + " nodes of " + podsPerNode);
        }
        List<LabNode> nodes = new ArrayList<>();
        int nextPod = 101;
        for (int n = 1; n <= nodeCount; n++) {
            List<LabPod> pods = new ArrayList<>();
            for (int p = 1; p <= podsPerNode; p++) {
                pods.add(new LabPod("n" + n + "-p" + p, n, Namespace.root(), "127.0.0." + nextPod++, p == 1));
            }
            nodes.add(new LabNode("n" + n, n, Namespace.root(), "127.0.0." + (10 + n), "", "", "", "", pods));
        }
        return new LabMap(true, "loopback lab: every node-to-node, pod-to-pod and Service path is the loopback"
                + " interface, so they all measure the same thing; there is no VXLAN and no ClusterIP (a Service"
                + " path goes straight to one backend). Why: " + why, "", "127.0.0.0/8", "127.0.0.1", nodes,
                Optional.empty(), List.of());
    }

    /** The Service's ports: the meshperf port and every data port, each for TCP and UDP. */
    static List<ServicePort> servicePorts(LabNetworkSpec spec) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(new ServicePort("meshperf", "tcp", spec.servicePort(), spec.servicePort()));
        ports.add(new ServicePort("meshperf-udp", "udp", spec.servicePort(), spec.servicePort()));
        for (int data : spec.dataPorts()) {
            ports.add(new ServicePort("data-" + data, "tcp", data, data));
            ports.add(new ServicePort("data-" + data + "-udp", "udp", data, data));
        }
        return ports;
    }
}
