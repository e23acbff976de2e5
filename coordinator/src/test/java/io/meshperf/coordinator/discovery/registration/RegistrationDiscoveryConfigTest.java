package io.meshperf.coordinator.discovery.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationDiscoveryConfigTest {

    @Test
    void defaultsReadTheAgentsTopic() {
        RegistrationDiscoveryConfig config = RegistrationDiscoveryConfig.defaults("lab", "127.0.0.1:9092");

        assertThat(config.topic()).isEqualTo("meshperf.agents");
        assertThat(config.heartbeatExpiry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.serviceAddress()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cluster with a slash | a/b   | 127.0.0.1:9092 | meshperf.agents | 30 | clusterName",
        "no port on broker    | lab   | localhost      | meshperf.agents | 30 | bootstrapServers",
        "bad topic            | lab   | localhost:9092 | agents!         | 30 | topic",
        "zero expiry          | lab   | localhost:9092 | meshperf.agents | 0  | heartbeatExpiry must be positive",
    })
    void badSettingsFailNamingTheSetting(String label, String cluster, String servers, String topic, long expirySeconds,
            String message) {
        assertThatThrownBy(() -> new RegistrationDiscoveryConfig(cluster, servers, topic,
                Duration.ofSeconds(expirySeconds), Duration.ofMillis(500), Duration.ofSeconds(30), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"10.96.0.10:19765,10.96.0.10,19765", "svc.lab:80,svc.lab,80", "[::1]:19765,::1,19765"})
    void serviceAddressesParse(String text, String host, int port) {
        ServiceAddress address = ServiceAddress.parse(text);

        assertThat(address).isEqualTo(new ServiceAddress(host, port));
        assertThat(address.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.96.0.10        | must be host:port",
        "::1:19765         | put an IPv6 address in brackets",
        "10.96.0.10:http   | not a number",
        "10.96.0.10:70000  | 1 to 65535",
        "[::1]19765        | [ipv6]:port",
        ":19765            | host is required",
    })
    void badServiceAddressesSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> ServiceAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
