package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServerPropertiesTest {

    private static Map<String, String> properties(String host, Map<String, String> extra) throws Exception {
        BrokerSettings settings = new BrokerSettings(InetAddress.getByName(host), 0, Optional.empty(), extra,
                Duration.ofSeconds(1));
        return ServerProperties.of(settings, 9092, InetAddress.getByName("127.0.0.1"), 9093, Path.of("/var/kafka"));
    }

    @Test
    void oneNodeIsBrokerAndControllerWithItsOwnListeners() throws Exception {
        Map<String, String> props = properties("127.0.0.2", Map.of());

        assertThat(props).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.2:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.2:9092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("log.dirs", Path.of("/var/kafka").toAbsolutePath().toString());
    }

    @Test
    void saslUsersAddASecondClientListenerWithPlain() throws Exception {
        BrokerSettings settings = new BrokerSettings(InetAddress.getByName("127.0.0.1"), 0, Optional.empty(), Map.of(),
                Duration.ofSeconds(1), Map.of("meshperf", "s3cret"));
        Map<String, String> props = ServerProperties.of(settings, 9092, 9094, InetAddress.getByName("127.0.0.1"), 9093,
                Path.of("/var/kafka"));

        assertThat(props).containsEntry("listeners",
                        "PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT")
                .containsEntry("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_meshperf=\"s3cret\";");
        assertThat(properties("127.0.0.1", Map.of())).doesNotContainKey("listener.name.sasl_plaintext.sasl.enabled.mechanisms");
    }

    @Test
    void saslCredentialsThatWouldBreakTheJaasLineAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BrokerSettings(InetAddress.getLoopbackAddress(), 0,
                Optional.empty(), Map.of(), Duration.ofSeconds(1), Map.of("meshperf", "a\";b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SASL password of 'meshperf'");
    }

    @Test
    void internalTopicsFitOnOneNode() throws Exception {
        assertThat(properties("127.0.0.1", Map.of()))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void callerPropertiesOverrideTheDefaults() throws Exception {
        assertThat(properties("127.0.0.1", Map.of("offsets.topic.num.partitions", "50", "num.partitions", "4")))
                .containsEntry("offsets.topic.num.partitions", "50")
                .containsEntry("num.partitions", "4");
    }

    @Test
    void ipv6ListenAddressIsBracketed() throws Exception {
        assertThat(properties("::1", Map.of())).containsEntry("advertised.listeners", "PLAINTEXT://[0:0:0:0:0:0:0:1]:9092");
    }
}
