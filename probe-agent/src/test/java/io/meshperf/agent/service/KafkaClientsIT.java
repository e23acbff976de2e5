package io.meshperf.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.config.AgentConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka accepts the client settings the agent derives, whatever its timeout (constructing clients only). */
class KafkaClientsIT {

    @ParameterizedTest
    @ValueSource(strings = {"1000", "10000", "30000", "120000"})
    void everyClientCanBeBuiltFromTheSettings(String timeoutMs) {
        AgentConfig config = AgentConfig.load(Map.of(), Map.of("CLUSTER", "lab", "NODE", "n1",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "KAFKA_TIMEOUT_MS", timeoutMs));
        KafkaClients clients = new KafkaClients(config);

        assertThat(clients.groupId()).isEqualTo("meshperf-agent-lab/n1/host");
        try (Producer<byte[], byte[]> results = clients.resultsProducer();
             Producer<String, byte[]> agents = clients.agentsProducer();
             Consumer<String, byte[]> jobs = clients.jobsConsumer();
             Admin admin = clients.admin()) {
            assertThat(results).isNotNull();
            assertThat(agents).isNotNull();
            assertThat(jobs.assignment()).isEmpty();
            assertThat(admin).isNotNull();
        }
    }
}
