package io.meshperf.lab.network;

import io.meshperf.agent.netns.ClusterIpService;
import io.meshperf.agent.netns.KubeProxyRules;
import io.meshperf.agent.netns.ServicePort;
import java.util.List;

/**
 * The nat-table rules one node namespace gets, in {@code iptables-restore} format: kube-proxy's
 * Service chains (rendered by {@link KubeProxyRules}), plus the two pieces a real cluster adds that a
 * single-subnet Service does not need:
 * <ul>
 *   <li>kube-proxy's {@code --cluster-cidr} rule at the top of each {@code KUBE-SVC-} chain,
 *       {@code ! -s 10.244.0.0/16 -d CLUSTER_IP -j KUBE-MARK-MASQ}: a connection the node itself opens
 *       to the ClusterIP is masqueraded, so the backend's reply comes back over VXLAN the way the
 *       request went (without it, strict rp_filter drops replies from remote backends);</li>
 *   <li>Flannel's {@code FLANNEL-POSTRTG} chain: pod traffic leaving the cluster CIDR (to the
 *       broker in the root namespace, which has no route to pods) is masqueraded to the node's
 *       address; traffic from outside the cluster CIDR to another node's pods is masqueraded too;
 *       pod-to-pod traffic is left alone.</li>
 * </ul>
 * Pure and stateless.
 */
public final class ServiceRules {

    private ServiceRules() {
    }

    /** The Service itself, as kube-proxy sees it: one endpoint per backend pod. */
    public static ClusterIpService service(LabMap map) {
        return new ClusterIpService("default", "meshperf-lab", map.clusterIp().orElseThrow(() ->
                new IllegalArgumentException("a loopback lab has no ClusterIP")), map.servicePorts(),
                map.backends().stream().map(LabPod::ip).toList());
    }

    /** kube-proxy's rules, the same on every node. Load first. */
    public static String kubeProxy(LabMap map) {
        return KubeProxyRules.render(List.of(service(map)));
    }

    /** The cluster-CIDR masquerade marks and Flannel's chain for {@code node}. Load after {@link #kubeProxy}. */
    public static String clusterMasquerade(LabMap map, LabNode node) {
        ClusterIpService service = service(map);
        String cluster = LabNetworkSpec.CLUSTER_CIDR;
        String comment = " -m comment --comment \"flanneld masq\"";
        StringBuilder rules = new StringBuilder("*nat\n:FLANNEL-POSTRTG - [0:0]\n");
        for (ServicePort port : service.ports()) {
            String portName = service.portName(port);
            rules.append("-I ").append(KubeProxyRules.serviceChain(portName, port.protocol())).append(" 1 ! -s ")
                    .append(cluster).append(" -d ").append(service.clusterIp()).append("/32 -p ").append(port.protocol())
                    .append(" -m comment --comment \"").append(portName).append(" cluster IP\" -m ")
                    .append(port.protocol()).append(" --dport ").append(port.port()).append(" -j KUBE-MARK-MASQ\n");
        }
        rules.append("-A POSTROUTING").append(comment).append(" -j FLANNEL-POSTRTG\n")
                .append("-A FLANNEL-POSTRTG -s ").append(cluster).append(" -d ").append(cluster).append(comment)
                .append(" -j RETURN\n")
                .append("-A FLANNEL-POSTRTG -s ").append(cluster).append(" ! -d 224.0.0.0/4").append(comment)
                .append(" -j MASQUERADE --random-fully\n")
                .append("-A FLANNEL-POSTRTG ! -s ").append(cluster).append(" -d ").append(node.podSubnet()).append(comment)
                .append(" -j RETURN\n")
                .append("-A FLANNEL-POSTRTG ! -s ").append(cluster).append(" -d ").append(cluster).append(comment)
                .append(" -j MASQUERADE --random-fully\n")
                .append("COMMIT\n");
        return rules.toString();
    }
}
