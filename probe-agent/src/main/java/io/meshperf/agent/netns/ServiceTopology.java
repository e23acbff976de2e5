package io.meshperf.agent.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client and N backends behind a ClusterIP, built inside a {@link VirtualNetwork}:
 *
 * <pre>
 *  switch namespace "sw": bridge "br0" (no netfilter on bridged frames)
 *    ├── veth ── client namespace "cli":  "c0" 10.250.0.1/24, route 10.96.0.0/12 dev c0,
 *    │                                     nat rules: KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…
 *    ├── veth ── backend "b1": "b1" 10.250.0.11/24
 *    └── …       backend "bN": "bN" 10.250.0.(10+N)/24
 * </pre>
 *
 * The ClusterIP and its rules exist only in the client namespace, as kube-proxy would install
 * them on the client's node: a new connection (or UDP flow) from the client to the ClusterIP is
 * DNATed in OUTPUT to one backend at random, and replies are un-DNATed by the client's conntrack.
 * Nothing is created in the root namespace. Closing the network removes it all.
 *
 * @param client the client's namespace
 * @param clientIp the client's address
 * @param clusterIp the Service's virtual address
 * @param backends the backends' namespaces, in endpoint order
 * @param backendIps their addresses, in the same order
 */
public record ServiceTopology(Namespace client, String clientIp, String clusterIp, List<Namespace> backends,
        List<String> backendIps) {

    /** The subnet every namespace of the topology sits on. */
    public static final String SUBNET_PREFIX = "10.250.0.";
    /** The Service CIDR routed out of the client's interface, so the OUTPUT hook sees the ClusterIP. */
    public static final String SERVICE_CIDR = "10.96.0.0/12";

    public ServiceTopology {
        backends = List.copyOf(backends);
        backendIps = List.copyOf(backendIps);
    }

    /**
     * Builds the topology. Blocks while the commands run (well under a second).
     *
     * @param network where to build; closing it removes everything, also after a failure here
     * @param backendCount 1 to 200 backends
     * @param clusterIp the Service's address, inside {@value #SERVICE_CIDR}
     * @param ports the Service's ports (their target ports are what the backends must listen on)
     * @throws CommandFailedException if a command fails (what was built stays registered in {@code network})
     */
    public static ServiceTopology build(VirtualNetwork network, int backendCount, String clusterIp,
            List<ServicePort> ports) {
        if (backendCount < 1 || backendCount > 200) {
            throw new IllegalArgumentException("backend count must be 1 to 200, was " + backendCount);
        }
        if (clusterIp == null || !inServiceCidr(clusterIp)) {
            throw new IllegalArgumentException("cluster IP " + clusterIp + " is not inside " + SERVICE_CIDR);
        }
        Namespace sw = network.namespace("sw");
        if (Files.isDirectory(Path.of("/proc/sys/net/bridge"))) {
            // The switch is a plain L2 segment: bridged frames must not go through its netfilter.
            network.sysctl(sw, "net.bridge.bridge-nf-call-iptables", "0");
            network.sysctl(sw, "net.bridge.bridge-nf-call-ip6tables", "0");
        }
        Link bridge = network.bridge(sw, "br0");

        Namespace client = network.namespace("cli");
        String clientIp = SUBNET_PREFIX + "1";
        Link clientEth = plug(network, client, "c0", sw, "sc0", bridge);
        network.address(clientEth, clientIp + "/24");
        // Locally opened connections reach the OUTPUT hook only after a route lookup succeeds.
        network.route(clientEth, SERVICE_CIDR, null);

        List<Namespace> backends = new ArrayList<>();
        List<String> backendIps = new ArrayList<>();
        for (int i = 1; i <= backendCount; i++) {
            Namespace backend = network.namespace("b" + i);
            Link eth = plug(network, backend, "b" + i, sw, "sb" + i, bridge);
            String ip = SUBNET_PREFIX + (10 + i);
            network.address(eth, ip + "/24");
            backends.add(backend);
            backendIps.add(ip);
        }
        ClusterIpService service = new ClusterIpService("default", "meshperf", clusterIp, ports, backendIps);
        network.iptablesRestore(client, KubeProxyRules.render(List.of(service)));
        return new ServiceTopology(client, clientIp, clusterIp, backends, backendIps);
    }

    private static Link plug(VirtualNetwork network, Namespace ns, String suffix, Namespace sw, String swSuffix,
            Link bridge) {
        List<Link> ends = network.veth(ns, suffix, sw, swSuffix, 0);
        network.attach(ends.get(1), bridge);
        return ends.get(0);
    }

    private static boolean inServiceCidr(String ip) {
        if (!ip.matches("10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return false;
        }
        int second = Integer.parseInt(ip.split("\\.")[1]);
        return second >= 96 && second <= 111;
    }
}
