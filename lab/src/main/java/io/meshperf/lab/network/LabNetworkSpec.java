package io.meshperf.lab.network;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What miniature cluster network to build: how many nodes and pods, the address plan and the
 * Service's ports. Immutable; every value is checked when the spec is made, and a bad one is
 * rejected with a message naming it.
 *
 * <p>The address plan is Kubernetes' and Flannel's defaults, as in the lab recipe: the underlay is
 * one /24 ({@code 10.99.X.0/24}; the root namespace's leg is {@code .1}, node N is {@code .(10+N)});
 * the cluster CIDR is {@code 10.244.0.0/16}, node N owning {@code 10.244.N.0/24}; the Service CIDR
 * is {@code 10.96.0.0/12} with the ClusterIP {@code 10.96.0.10}. Only the underlay is visible from
 * the root namespace (through its leg), so only its third octet may need to move away from an
 * address the machine already uses: {@link #underlayThirdOctet()} empty means "the first free one".
 *
 * @param nodes number of nodes, 1 to {@value #MAX_NODES}
 * @param podsPerNode pod namespaces per node, 1 to {@value #MAX_PODS_PER_NODE}; the first pod of
 *     every node is a backend of the ClusterIP (where the pod-network agent runs)
 * @param underlayThirdOctet X in the underlay {@code 10.99.X.0/24}, or empty to pick the first X
 *     that no root-namespace address or route uses
 * @param underlayMtu MTU of every underlay veth (1280 to 9000)
 * @param servicePort the meshperf port the Service exposes for TCP and UDP (SINGLE_FLOW udp tests use
 *     the UDP port with the TCP listen port's number)
 * @param dataPorts further ports exposed for TCP and UDP, for stock qperf's separate data
 *     connection ({@code qperf -lp PORT -ip DATA}); may be empty
 */
public record LabNetworkSpec(int nodes, int podsPerNode, Optional<Integer> underlayThirdOctet, int underlayMtu,
        int servicePort, List<Integer> dataPorts) {

    /** Most nodes: node N owns pod subnet 10.244.N.0/24 and underlay address .(10+N). */
    public static final int MAX_NODES = 200;
    /** Most pods per node: pod p of a node is 10.244.N.(1+p) inside the node's /24. */
    public static final int MAX_PODS_PER_NODE = 250;
    /** VXLAN adds 50 bytes of headers (outer Ethernet 14, IP 20, UDP 8, VXLAN 8). */
    public static final int VXLAN_OVERHEAD = 50;
    /** The meshperf (and qperf) default listen port. */
    public static final int DEFAULT_SERVICE_PORT = 19765;
    /** The data port stock qperf is given through the Service ({@code -ip}). */
    public static final int DEFAULT_DATA_PORT = 19766;
    public static final String CLUSTER_CIDR = "10.244.0.0/16";
    public static final String SERVICE_CIDR = "10.96.0.0/12";
    public static final String CLUSTER_IP = "10.96.0.10";
    /** Flannel's VXLAN network identifier and its (Linux's historical) UDP port. */
    public static final int VXLAN_ID = 1;
    public static final int VXLAN_PORT = 8472;

    public LabNetworkSpec {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1 to " + MAX_NODES + ", was " + nodes);
        }
        if (podsPerNode < 1 || podsPerNode > MAX_PODS_PER_NODE) {
            throw new IllegalArgumentException("pods per node must be 1 to " + MAX_PODS_PER_NODE + ", was "
                    + podsPerNode);
        }
        if (underlayThirdOctet == null) {
            throw new IllegalArgumentException("underlay third octet must be given or empty, not null");
        }
        underlayThirdOctet.ifPresent(x -> {
            if (x < 0 || x > 255) {
                throw new IllegalArgumentException("underlay third octet must be 0 to 255, was " + x);
            }
        });
        if (underlayMtu < 1280 || underlayMtu > 9000) {
            throw new IllegalArgumentException("underlay MTU must be 1280 to 9000, was " + underlayMtu);
        }
        requirePort("service port", servicePort);
        if (dataPorts == null) {
            throw new IllegalArgumentException("data ports must be a list (possibly empty), not null");
        }
        dataPorts = List.copyOf(dataPorts);
        dataPorts.forEach(p -> requirePort("data port", p));
        if (new TreeSet<>(dataPorts).size() != dataPorts.size() || dataPorts.contains(servicePort)) {
            throw new IllegalArgumentException("ports must be distinct: service port " + servicePort
                    + ", data ports " + dataPorts);
        }
    }

    /** Three nodes, one pod each, the first free underlay, MTU 1500, ports 19765 and 19766. */
    public static LabNetworkSpec defaults() {
        return new LabNetworkSpec(3, 1, Optional.empty(), 1500, DEFAULT_SERVICE_PORT, List.of(DEFAULT_DATA_PORT));
    }

    /** This spec with another number of nodes. */
    public LabNetworkSpec withNodes(int count) {
        return new LabNetworkSpec(count, podsPerNode, underlayThirdOctet, underlayMtu, servicePort, dataPorts);
    }

    /** This spec with another number of pods per node. */
    public LabNetworkSpec withPodsPerNode(int count) {
        return new LabNetworkSpec(nodes, count, underlayThirdOctet, underlayMtu, servicePort, dataPorts);
    }

    /** This spec with a fixed underlay {@code 10.99.X.0/24}. */
    public LabNetworkSpec withUnderlayThirdOctet(int x) {
        return new LabNetworkSpec(nodes, podsPerNode, Optional.of(x), underlayMtu, servicePort, dataPorts);
    }

    /** The VXLAN device's MTU, and so the pods' (Flannel writes it into the CNI config): underlay minus 50. */
    public int overlayMtu() {
        return underlayMtu - VXLAN_OVERHEAD;
    }

    private static void requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1 to 65535, was " + port);
        }
    }
}
