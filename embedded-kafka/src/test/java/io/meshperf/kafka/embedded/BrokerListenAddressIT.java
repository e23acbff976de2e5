package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker listens on, and advertises, the address it is given: 127.0.0.2 here stands in for
 * a bridge address that network namespaces can route to.
 */
class BrokerListenAddressIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(broker -> broker.listenHost("127.0.0.2"));

    @Test
    void clientsReachTheBrokerOnTheConfiguredAddress(@BootstrapServers String servers) throws Exception {
        assertThat(servers).startsWith("127.0.0.2:");
        KAFKA.broker().createTopics(TopicSpec.of("listen", 1));

        KafkaTestClients.produce(servers, "listen", List.of("hello"));

        try (KafkaConsumer<String, String> consumer = KafkaTestClients.groupConsumer(servers, "listen")) {
            consumer.subscribe(List.of("listen"));
            assertThat(KafkaTestClients.pollThrough(consumer, "hello")).containsExactly("hello");
        }
    }

    @Test
    void theBrokerDoesNotListenOnOtherLoopbackAddresses(EmbeddedKafkaBroker broker) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void theClientPortAcceptsConnectionsOnTheConfiguredAddress(EmbeddedKafkaBroker broker) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.2", broker.port()), 2_000);
            assertThat(socket.isConnected()).isTrue();
        }
    }
}
