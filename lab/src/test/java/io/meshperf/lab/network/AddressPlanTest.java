package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.agent.netns.Link;
import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.ServicePort;
import org.junit.jupiter.api.Test;

class AddressPlanTest {

    @Test
    void nodesAndPodsGetFlannelsAddressPlan() {
        LabMap map = AddressPlan.plan(LabNetworkSpec.defaults().withPodsPerNode(2), "mpl1a2b", 7);
        assertThat(map.loopback()).isFalse();
        assertThat(map.underlaySubnet()).isEqualTo("10.99.7.0/24");
        assertThat(map.brokerAddress()).isEqualTo("10.99.7.1");
        LabNode n2 = map.node(2);
        assertThat(n2.ip()).isEqualTo("10.99.7.12");
        assertThat(n2.namespace()).isEqualTo(new Namespace("mpl1a2b-n2"));
        assertThat(n2.podSubnet()).isEqualTo("10.244.2.0/24");
        assertThat(n2.gatewayIp()).isEqualTo("10.244.2.1");
        assertThat(n2.vtepIp()).isEqualTo("10.244.2.0");
        assertThat(n2.pods()).extracting(LabPod::ip).containsExactly("10.244.2.2", "10.244.2.3");
        assertThat(n2.pods()).extracting(LabPod::namespace)
                .containsExactly(new Namespace("mpl1a2b-n2-p1"), new Namespace("mpl1a2b-n2-p2"));
        assertThat(map.backends()).extracting(LabPod::ip).containsExactly("10.244.1.2", "10.244.2.2", "10.244.3.2");
        assertThat(map.clusterIp()).contains("10.96.0.10");
        assertThat(map.servicePorts()).containsExactly(
                new ServicePort("meshperf", "tcp", 19765, 19765), new ServicePort("meshperf-udp", "udp", 19765, 19765),
                new ServicePort("data-19766", "tcp", 19766, 19766),
                new ServicePort("data-19766-udp", "udp", 19766, 19766));
        assertThatThrownBy(() -> map.node(4)).hasMessageContaining("nodes 1 to 3");
    }

    @Test
    void everyInterfaceNameFitsTheKernelsLimitAtTheLargestSizes() {
        String prefix = LabNetwork.randomPrefix();
        assertThat(prefix).matches("mpl[0-9a-f]{4}");
        for (String suffix : new String[] {LabNetworkBuilder.VXLAN, LabNetworkBuilder.ROOT_LEG_PEER, "sw"
                + LabNetworkSpec.MAX_NODES, "veth" + LabNetworkSpec.MAX_PODS_PER_NODE}) {
            assertThat(Link.requireValidName(prefix + suffix)).hasSizeLessThanOrEqualTo(Link.MAX_NAME_LENGTH);
        }
    }

    @Test
    void loopbackLabSaysWhyAndHasNoClusterIp() {
        LabMap map = LabNetwork.loopback(3, 1, "not running as root");
        assertThat(map.loopback()).isTrue();
        assertThat(map.clusterIp()).isEmpty();
        assertThat(map.brokerAddress()).isEqualTo("127.0.0.1");
        assertThat(map.nodes()).extracting(LabNode::ip).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
        assertThat(map.pods()).extracting(LabPod::ip).containsExactly("127.0.0.101", "127.0.0.102", "127.0.0.103");
        assertThat(map.pods()).allMatch(p -> p.namespace().isRoot());
        assertThat(map.render()).contains("loopback", "Why: not running as root",
                "no ClusterIP: a Service path goes straight to one backend");
    }

    @Test
    void loopbackLabRefusesMoreAddressesThanItHas() {
        assertThatThrownBy(() -> LabNetwork.loopback(90, 1, "x")).hasMessageContaining("1 to 89");
        assertThatThrownBy(() -> LabNetwork.loopback(10, 16, "x")).hasMessageContaining("at most 154 pods");
    }
}
