package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ResultOrigin;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's Kafka clients take the pass-through settings: the coordinator is given only the
 * broker's SASL/PLAIN listener, with {@code security.protocol} and {@code sasl.mechanism} from a
 * properties file and the credentials from a {@code MESHPERF_KAFKA_SASL_JAAS_CONFIG} variable.
 * Registrations discovery, Kafka election and the aggregation are on, so every client it builds
 * must authenticate for the test to pass: the admin (its own topics), the registrations consumer
 * (targets), the election consumer (leading), the state reader (take-over), the jobs producer
 * (jobs), the results reader (no TIMEOUT stand-ins for answered jobs) and Kafka Streams (ready).
 * The test itself and the test-double agents use the plaintext listener.
 */
class KafkaClientSecurityIT {

    private static final String USER = "meshperf";
    private static final String PASSWORD = "pass-through-secret";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000").saslPlainUser(USER, PASSWORD));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyClientAuthenticatesWithTheSettingsFromTheFileAndTheEnvironment(EmbeddedKafkaBroker broker,
                                                                           @TempDir Path dir) throws Exception {
        TestCluster cluster = new TestCluster(broker, "sasl");
        CoordinatorConfig config = config(broker, cluster, dir, PASSWORD);
        assertThat(config.kafkaProperties()).containsKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
        try (FakeAgents agents = cluster.agents(List.of("n1", "n2", "n3"));
             CoordinatorService coordinator = new CoordinatorService(config, Clock.systemUTC())) {
            coordinator.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> coordinator.isLeading()
                    && Published.slots(cluster.publishedJobs()).size() >= 3
                    && status(coordinator.httpPort()) == 200);
            JsonObject ready = new JsonObject(get(coordinator.httpPort(), "/readyz").body());
            assertThat(ready.getBoolean("aggregationRunning")).isTrue();
            assertThat(ready.getBoolean("discoverySynced")).isTrue();
        }
        assertThat(cluster.publishedJobs()).isNotEmpty();
        assertThat(cluster.publishedResults()).as("the results reader saw the agents' answers")
                .extracting(MeasurementResult::getOrigin).containsOnly(ResultOrigin.AGENT);
    }

    @Test
    void aWrongPasswordStopsTheStartNamingTheAuthentication(EmbeddedKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        TestCluster cluster = new TestCluster(broker, "sasl-denied");
        // start() closes what it started when it fails.
        CoordinatorService coordinator = new CoordinatorService(config(broker, cluster, dir, "wrong"), Clock.systemUTC());
        assertThatThrownBy(coordinator::start).hasStackTraceContaining("Authentication failed");
    }

    private static CoordinatorConfig config(EmbeddedKafkaBroker broker, TestCluster cluster, Path dir, String password)
            throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n");
        Map<String, String> flags = cluster.flags("a", "--kafka-bootstrap-servers", broker.saslBootstrapServers(),
                "--kafka-properties-file", file.toString());
        return CoordinatorConfig.from(flags, Map.of("MESHPERF_KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                        + "\" password=\"" + password + "\";"));
    }

    private int status(int port) throws Exception {
        return get(port, "/readyz").statusCode();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
