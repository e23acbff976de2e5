package io.meshperf.coordinator.discovery.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubernetesDiscoveryConfigTest {

    @Test
    void defaultsMatchTheDeployManifests() {
        KubernetesDiscoveryConfig config = KubernetesDiscoveryConfig.defaults("prod-eu");

        assertThat(config.namespace()).isEqualTo("meshperf");
        assertThat(config.podLabelKey() + "=" + config.podLabelValue())
                .isEqualTo("app.kubernetes.io/name=meshperf-agent");
        assertThat(config.networkLabelKey()).isEqualTo("meshperf.io/network");
        assertThat(config.serviceName()).isEqualTo("meshperf-agent");
        assertThat(config.portName()).isEqualTo("qperf");
        assertThat(config.serviceDnsName()).isEqualTo("meshperf-agent.meshperf.svc");
    }

    static Stream<Arguments> badSettings() {
        KubernetesDiscoveryConfig ok = KubernetesDiscoveryConfig.defaults("lab");
        return Stream.of(
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> KubernetesDiscoveryConfig.defaults(null),
                        "clusterName is required"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> KubernetesDiscoveryConfig.defaults("a/b"),
                        "clusterName must be"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> c.withNamespace("Meshperf"),
                        "namespace must be an RFC 1123 label"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> c.withSyncTimeout(Duration.ZERO),
                        "syncTimeout must be positive"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> c.withRebuildMinInterval(
                        Duration.ofMillis(-1)), "rebuildMinInterval must not be negative"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> new KubernetesDiscoveryConfig("lab",
                        "meshperf", "app.kubernetes.io/name", "meshperf-agent", "meshperf.io/network", "pod", "pod",
                        "meshperf-agent", "qperf", Duration.ofSeconds(1), Duration.ZERO),
                        "must be non-empty and differ"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> new KubernetesDiscoveryConfig("lab",
                        "meshperf", "app.kubernetes.io/name", "meshperf-agent", "meshperf.io/network", "pod", "host",
                        "meshperf-agent", "qperf-measurement", Duration.ofSeconds(1), Duration.ZERO),
                        "portName must be"),
                Arguments.of((UnaryOperator<KubernetesDiscoveryConfig>) c -> new KubernetesDiscoveryConfig("lab",
                        "meshperf", "bad key!", "meshperf-agent", "meshperf.io/network", "pod", "host",
                        "meshperf-agent", "qperf", Duration.ofSeconds(1), Duration.ZERO), "podLabelKey must be"))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], ok));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSettings")
    void badSettingsFailNamingTheSetting(UnaryOperator<KubernetesDiscoveryConfig> change, String message,
            KubernetesDiscoveryConfig ok) {
        assertThatThrownBy(() -> change.apply(ok))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
