package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit extension: one configured broker per class, injected by type or as bootstrap servers. */
class KafkaBrokerExtensionIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            KafkaBrokerExtension.configured(broker -> broker.brokerProperty("num.partitions", "3"));

    @Test
    void injectsTheRunningBrokerAndItsBootstrapServers(EmbeddedKafkaBroker broker, @BootstrapServers String servers) {
        assertThat(broker).isSameAs(KAFKA.broker());
        assertThat(broker.isRunning()).isTrue();
        assertThat(servers).isEqualTo(broker.bootstrapServers());
    }

    @Test
    void extraBrokerPropertiesApply(@BootstrapServers String servers) throws Exception {
        // Producing to a missing topic auto-creates it with the broker's num.partitions.
        KafkaTestClients.produce(servers, "auto-created", List.of("x"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            assertThat(admin.describeTopics(Set.of("auto-created")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("auto-created").partitions()).hasSize(3);
        }
    }

    @Nested
    class NestedClasses {

        @Test
        void shareTheOuterClassBroker(EmbeddedKafkaBroker broker) {
            assertThat(broker).isSameAs(KAFKA.broker());
        }
    }
}
