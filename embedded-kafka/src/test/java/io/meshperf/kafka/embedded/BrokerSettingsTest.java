package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerSettingsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static BrokerSettings settings(int port, Map<String, String> properties, Duration timeout) {
        return new BrokerSettings(LOOPBACK, port, Optional.empty(), properties, timeout);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536})
    void portOutOfRangeIsRejected(int port) {
        assertThatThrownBy(() -> settings(port, Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be between 0").hasMessageContaining(Integer.toString(port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S"})
    void nonPositiveStartTimeoutIsRejected(String timeout) {
        assertThatThrownBy(() -> settings(0, Map.of(), Duration.parse(timeout)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start timeout must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listeners", "log.dirs", "node.id", "controller.quorum.voters", "advertised.listeners"})
    void propertiesTheBrokerManagesCannotBeOverridden(String key) {
        assertThatThrownBy(() -> settings(0, Map.of(key, "x"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key).hasMessageContaining("set by the embedded broker itself");
    }

    @Test
    void otherBrokerPropertiesAreKept() {
        assertThat(settings(0, Map.of("num.partitions", "3"), Duration.ofSeconds(1)).brokerProperties())
                .containsExactly(Map.entry("num.partitions", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void wildcardListenAddressIsRejected(String host) throws Exception {
        InetAddress wildcard = InetAddress.getByName(host);
        assertThatThrownBy(() -> new BrokerSettings(wildcard, 0, Optional.empty(), Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
    }

    @Test
    void addressOfNoLocalInterfaceIsRejected() {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never configured on a real interface.
        assertThatThrownBy(() -> BrokerSettings.localAddress("192.0.2.7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'192.0.2.7'").hasMessageContaining("not an address of any network interface");
    }

    @Test
    void blankHostIsRejected() {
        assertThatThrownBy(() -> BrokerSettings.localAddress(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1"})
    void loopbackAddressesAreLocal(String host) {
        assertThat(BrokerSettings.localAddress(host).isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.2, 127.0.0.2", "::1, [0:0:0:0:0:0:0:1]"})
    void listenerUrlsBracketIpv6(String host, String expected) throws Exception {
        assertThat(BrokerSettings.urlHost(InetAddress.getByName(host))).isEqualTo(expected);
    }
}
