package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabNetworkSpecTest {

    @Test
    void defaultsAreThreeNodesWithOnePodEachAndFlannelsMtu() {
        LabNetworkSpec spec = LabNetworkSpec.defaults();
        assertThat(spec.nodes()).isEqualTo(3);
        assertThat(spec.podsPerNode()).isEqualTo(1);
        assertThat(spec.overlayMtu()).isEqualTo(1450);
        assertThat(spec.servicePort()).isEqualTo(19765);
        assertThat(spec.dataPorts()).containsExactly(19766);
        assertThat(spec.underlayThirdOctet()).isEmpty();
    }

    @Test
    void badValuesAreRejectedByName() {
        LabNetworkSpec d = LabNetworkSpec.defaults();
        assertThatThrownBy(() -> d.withNodes(0)).hasMessageContaining("nodes must be 1 to 200, was 0");
        assertThatThrownBy(() -> d.withNodes(201)).hasMessageContaining("nodes");
        assertThatThrownBy(() -> d.withPodsPerNode(0)).hasMessageContaining("pods per node");
        assertThatThrownBy(() -> d.withUnderlayThirdOctet(256)).hasMessageContaining("third octet");
        assertThatThrownBy(() -> new LabNetworkSpec(3, 1, Optional.empty(), 1000, 19765, List.of()))
                .hasMessageContaining("underlay MTU");
        assertThatThrownBy(() -> new LabNetworkSpec(3, 1, Optional.empty(), 1500, 0, List.of()))
                .hasMessageContaining("service port");
        assertThatThrownBy(() -> new LabNetworkSpec(3, 1, Optional.empty(), 1500, 19765, List.of(19765)))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> new LabNetworkSpec(3, 1, Optional.empty(), 1500, 19765, List.of(70000)))
                .hasMessageContaining("data port");
    }
}
