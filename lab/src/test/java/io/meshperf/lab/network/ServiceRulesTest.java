package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.netns.KubeProxyRules;
import org.junit.jupiter.api.Test;

class ServiceRulesTest {

    private final LabMap map = AddressPlan.plan(LabNetworkSpec.defaults(), "mpl0000", 0);

    @Test
    void kubeProxyRulesSpreadEveryPortOverEveryBackend() {
        String rules = ServiceRules.kubeProxy(map);
        String svc = KubeProxyRules.serviceChain("default/meshperf-lab:meshperf", "tcp");
        assertThat(rules).contains("-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp", "--dport 19765 -j " + svc,
                "-A " + svc + " -m comment --comment \"default/meshperf-lab:meshperf -> 10.244.1.2:19765\""
                        + " -m statistic --mode random --probability 0.3333333333",
                "--probability 0.5000000000", "DNAT --to-destination 10.244.3.2:19765",
                "-p udp -m comment --comment \"default/meshperf-lab:meshperf-udp cluster IP\" -m udp --dport 19765",
                "--dport 19766");
    }

    @Test
    void clusterMasqueradeMarksOffClusterSourcesAndAddsFlannelsChainForTheNode() {
        String rules = ServiceRules.clusterMasquerade(map, map.node(2));
        String svc = KubeProxyRules.serviceChain("default/meshperf-lab:meshperf-udp", "udp");
        assertThat(rules).startsWith("*nat\n:FLANNEL-POSTRTG - [0:0]\n").endsWith("COMMIT\n");
        assertThat(rules).contains("-I " + svc + " 1 ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp",
                "-m udp --dport 19765 -j KUBE-MARK-MASQ",
                "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG",
                "-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4",
                "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.2.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\""
                        + " -j MASQUERADE --random-fully");
        assertThat(rules.lines().filter(l -> l.contains("KUBE-MARK-MASQ"))).hasSize(map.servicePorts().size());
    }
}
