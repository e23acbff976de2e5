package io.meshperf.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.coordinator.config.CoordinatorSettings.DiscoveryMode;
import io.meshperf.coordinator.config.CoordinatorSettings.ElectionMode;
import io.meshperf.schemas.settings.Setting;
import io.meshperf.schemas.settings.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "MESHPERF_CLUSTER", "prod",
            "MESHPERF_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(REQUIRED);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsNeedOnlyTheClusterAndTheBrokers() {
        CoordinatorConfig config = CoordinatorConfig.from(Map.of(), env("HOSTNAME", "coordinator-0"));
        assertThat(config.cluster()).isEqualTo("prod");
        assertThat(config.replicaId()).isEqualTo("coordinator-0");
        assertThat(config.discovery()).isEqualTo(DiscoveryMode.KUBERNETES);
        assertThat(config.election()).as("auto follows discovery").isEqualTo(ElectionMode.KUBERNETES);
        assertThat(config.jobsTopic()).isEqualTo("meshperf.jobs");
        assertThat(config.stateTopic()).isEqualTo("meshperf.coordinator");
        assertThat(config.leaderTopic()).isEqualTo("meshperf.coordinator-leader");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.plan().roundInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.plan().bandwidthDutyCycle()).isEqualTo(0.05);
        assertThat(config.plan().zoneAware()).isFalse();
        assertThat(config.resultGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void flagsWinOverTheEnvironment() {
        CoordinatorConfig config = CoordinatorConfig.from(Map.of("--round-interval-ms", "50000", "--discovery",
                "registrations"), env("MESHPERF_ROUND_INTERVAL_MS", "90000", "MESHPERF_SERVICE_ADDRESS",
                "10.96.0.10:19765"));
        assertThat(config.plan().roundInterval()).isEqualTo(Duration.ofSeconds(50));
        assertThat(config.discovery()).isEqualTo(DiscoveryMode.REGISTRATIONS);
        assertThat(config.election()).isEqualTo(ElectionMode.KAFKA);
        assertThat(config.serviceAddress()).map(Object::toString).contains("10.96.0.10:19765");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MESHPERF_HTTP_PORT|70000|MESHPERF_HTTP_PORT (--http-port) from variable MESHPERF_HTTP_PORT: '70000' is not valid: must be 0..65535",
        "MESHPERF_ROUND_INTERVAL_MS|soon|MESHPERF_ROUND_INTERVAL_MS (--round-interval-ms) from variable MESHPERF_ROUND_INTERVAL_MS: 'soon' is not valid: must be a whole number of milliseconds",
        "MESHPERF_CLUSTER|a/b|MESHPERF_CLUSTER (--cluster) from variable MESHPERF_CLUSTER: 'a/b' is not valid",
        "MESHPERF_LEADER_ELECTION|zookeeper|must be one of auto, kafka, kubernetes",
        "MESHPERF_BANDWIDTH_DUTY_CYCLE_PERCENT|0|MESHPERF_BANDWIDTH_DUTY_CYCLE_PERCENT (--bandwidth-duty-cycle-percent)",
        "MESHPERF_KAFKA_BOOTSTRAP_SERVERS|kafka|must be host:port",
        "MESHPERF_JOBS_TOPIC|jobs/x|must be a Kafka topic name",
    })
    void aBadValueNamesItsSetting(String variable, String value, String message) {
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), env(variable, value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), Map.of("MESHPERF_CLUSTER", "prod")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("MESHPERF_KAFKA_BOOTSTRAP_SERVERS (--kafka-bootstrap-servers) is required");
    }

    @Test
    void planSettingsThatDoNotFitTogetherAreNamed() {
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of("--peers-per-round", "40"), env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("peersPerRound=40 needs")
                .hasMessageContaining("MESHPERF_PEERS_PER_ROUND")
                .hasMessageContaining("MESHPERF_JITTER_PERCENT");
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of("--zone-peers-per-round", "3"), env()))
                .hasMessageContaining("MESHPERF_ZONE_PEERS_PER_ROUND");
    }

    @Test
    void aServiceAddressNeedsRegistrationsDiscovery() {
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), env("MESHPERF_SERVICE_ADDRESS", "10.0.0.1:19765")))
                .hasMessageContaining("MESHPERF_SERVICE_ADDRESS (--service-address) is for registrations discovery");
    }

    @Test
    void kafkaClientSettingsComeFromTheFileThenTheVariables(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "ssl.truststore.location=/etc/meshperf/kafka/ca.crt\n");
        CoordinatorConfig config = CoordinatorConfig.from(Map.of(), env("MESHPERF_KAFKA_PROPERTIES_FILE",
                file.toString(), "MESHPERF_KAFKA_SASL_MECHANISM", "PLAIN", "MESHPERF_KAFKA_TIMEOUT_MS", "5000"));

        assertThat(config.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/meshperf/kafka/ca.crt"));
        assertThat(config.kafkaTimeout()).as("a setting, not a pass-through").isEqualTo(Duration.ofSeconds(5));
        assertThat(CoordinatorConfig.from(Map.of(), env()).kafkaProperties()).isEmpty();
    }

    @Test
    void theFileMayComeFromAFlag(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\n");
        assertThat(CoordinatorConfig.from(Map.of("--kafka-properties-file", file.toString()), env())
                .kafkaProperties()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "MESHPERF_KAFKA_ISOLATION_LEVEL|read_uncommitted|'isolation.level' is set by the coordinator itself and cannot",
        "MESHPERF_KAFKA_TRANSACTIONAL_ID|other|'transactional.id' is set by the coordinator itself",
        "MESHPERF_KAFKA_PROCESSING_GUARANTEE|at_least_once|'processing.guarantee' is set by the coordinator",
        "MESHPERF_KAFKA_NUM_STREAM_THREADS|4|use MESHPERF_AGGREGATION_STREAM_THREADS (--aggregation-stream-threads)",
        "MESHPERF_KAFKA_SESSION_TIMEOUT_MS|45000|use MESHPERF_LEADER_TIMEOUT_MS (--leader-timeout-ms)",
    })
    void propertiesTheCoordinatorSetsAreRefused(String variable, String value, String message) {
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), env(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": Kafka property")
                .hasMessageContaining(message);
    }

    @Test
    void anUnreadableOrMalformedPropertiesFileIsNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), env("MESHPERF_KAFKA_PROPERTIES_FILE",
                missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MESHPERF_KAFKA_PROPERTIES_FILE (--kafka-properties-file): cannot read " + missing);
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "security.protocol SASL_SSL\nSASL_SSL\n");
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), env("MESHPERF_KAFKA_PROPERTIES_FILE",
                bad.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("malformed entry 'SASL_SSL'");
        Path reserved = dir.resolve("reserved.properties");
        Files.writeString(reserved, "application.id=shared\n");
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(), env("MESHPERF_KAFKA_PROPERTIES_FILE",
                reserved.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(reserved + "): Kafka property 'application.id' is set by the coordinator itself;"
                        + " use MESHPERF_AGGREGATION_APPLICATION_ID");
    }

    @Test
    void theSettingsTableListsEverySetting() {
        String table = CoordinatorSettings.markdownTable();
        for (Setting<?> s : CoordinatorSettings.ALL) {
            assertThat(table).contains("`" + s.env() + "`", "`" + s.flag() + "`");
        }
    }

    @Test
    void serviceMdHoldsTheGeneratedSettingsTable() throws Exception {
        // SERVICE.md's table is CoordinatorSettings.markdownTable() pasted in; this keeps them equal.
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("SERVICE.md"));
        assertThat(doc).as("SERVICE.md must contain CoordinatorSettings.markdownTable() verbatim")
                .contains(CoordinatorSettings.markdownTable());
    }
}
