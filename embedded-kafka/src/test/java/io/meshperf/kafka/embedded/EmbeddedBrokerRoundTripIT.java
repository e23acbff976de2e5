package io.meshperf.kafka.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker contract against the in-process broker, started by the JUnit extension. */
@ExtendWith(KafkaBrokerExtension.class)
class EmbeddedBrokerRoundTripIT extends KafkaRoundTripContract {

    private static String bootstrapServers;

    @BeforeAll
    static void rememberBroker(@BootstrapServers String servers) {
        bootstrapServers = servers;
    }

    @Override
    protected String bootstrapServers() {
        return bootstrapServers;
    }
}
