package io.meshperf.kafka.embedded;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker contract against Apache Kafka's own image in Docker, for machines that have a Docker
 * engine. Without one, Testcontainers reports the class as skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerRoundTripIT extends KafkaRoundTripContract {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.4.0"));

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
