package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeProxyRulesTest {

    @Test
    void chainNamesMatchKubeProxys() {
        // Chain names of the namespace lab's rules, which follow kube-proxy's hashing.
        String port = "default/mpx-lab:qperf-ctl";
        assertThat(KubeProxyRules.serviceChain(port, "tcp")).isEqualTo("KUBE-SVC-Q22Y55O2EGDZZW4S");
        assertThat(KubeProxyRules.endpointChain(port, "tcp", "10.244.1.3:4000"))
                .isEqualTo("KUBE-SEP-RFLM76JCFFRKRIRB");
        assertThat(KubeProxyRules.endpointChain(port, "tcp", "10.244.2.3:4000"))
                .isEqualTo("KUBE-SEP-WLQT2X3GSJTK6VU6");
        assertThat(KubeProxyRules.endpointChain(port, "tcp", "10.244.3.3:4000"))
                .isEqualTo("KUBE-SEP-WHNMNYGOIX7IBIW7");
    }

    @Test
    void base32FollowsRfc4648() {
        assertThat(KubeProxyRules.base32("".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(KubeProxyRules.base32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(KubeProxyRules.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    }

    @Test
    void probabilitiesSplitEvenly() {
        assertThat(KubeProxyRules.probability(3)).isEqualTo("0.3333333333");
        assertThat(KubeProxyRules.probability(2)).isEqualTo("0.5000000000");
    }

    @Test
    void rendersKubeProxyLayoutForThreeBackends() {
        ClusterIpService service = new ClusterIpService("default", "mpx-lab", "10.96.0.10",
                List.of(new ServicePort("qperf-ctl", "TCP", 4000, 4000)),
                List.of("10.244.1.3", "10.244.2.3", "10.244.3.3"));
        String rules = KubeProxyRules.render(List.of(service));
        assertThat(rules).startsWith("*nat\n").endsWith("COMMIT\n")
                .contains("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .contains("-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "
                        + "\"default/mpx-lab:qperf-ctl cluster IP\" -m tcp --dport 4000 -j KUBE-SVC-Q22Y55O2EGDZZW4S\n")
                .contains("-A KUBE-SVC-Q22Y55O2EGDZZW4S -m comment --comment \"default/mpx-lab:qperf-ctl -> "
                        + "10.244.1.3:4000\" -m statistic --mode random --probability 0.3333333333 "
                        + "-j KUBE-SEP-RFLM76JCFFRKRIRB\n")
                .contains("-m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-WLQT2X3GSJTK6VU6\n")
                .contains("-A KUBE-SVC-Q22Y55O2EGDZZW4S -m comment --comment \"default/mpx-lab:qperf-ctl -> "
                        + "10.244.3.3:4000\" -j KUBE-SEP-WHNMNYGOIX7IBIW7\n")
                .contains("-A KUBE-SEP-WHNMNYGOIX7IBIW7 -p tcp -m comment --comment \"default/mpx-lab:qperf-ctl\" "
                        + "-m tcp -j DNAT --to-destination 10.244.3.3:4000\n")
                .contains(":KUBE-SEP-WHNMNYGOIX7IBIW7 - [0:0]\n");
        assertThat(rules.lines().filter(l -> l.contains("--probability"))).hasSize(2);
    }

    @Test
    void rejectsBadServices() {
        List<ServicePort> ports = List.of(new ServicePort("p", "udp", 1, 1));
        assertThatThrownBy(() -> new ServicePort("p", "sctp", 1, 1)).hasMessageContaining("tcp or udp");
        assertThatThrownBy(() -> new ServicePort("p", "tcp", 0, 1)).hasMessageContaining("port must be 1 to 65535");
        assertThatThrownBy(() -> new ClusterIpService("default", "s", "10.96.0.300", ports, List.of("10.0.0.1")))
                .hasMessageContaining("octet above 255");
        assertThatThrownBy(() -> new ClusterIpService("default", "s", "10.96.0.1", ports, List.of()))
                .hasMessageContaining("at least one endpoint");
        assertThatThrownBy(() -> new ClusterIpService("default", "s", "10.96.0.1", ports,
                List.of("10.0.0.1", "10.0.0.1"))).hasMessageContaining("endpoint twice");
    }
}
