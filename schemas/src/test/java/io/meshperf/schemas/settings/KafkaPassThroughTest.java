package io.meshperf.schemas.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaPassThroughTest {

    private static final Setting<String> BOOTSTRAP = new Setting<>("KAFKA_BOOTSTRAP_SERVERS", "host:port", null, true,
            "brokers", s -> s);
    private static final Setting<Long> TIMEOUT = new Setting<>("KAFKA_TIMEOUT_MS", "long", 1L, false, "timeout",
            Long::valueOf);
    private static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP, TIMEOUT, KafkaPassThrough.PROPERTIES_FILE);
    private static final KafkaPassThrough PASS = new KafkaPassThrough("the component",
            Set.of("bootstrap.servers", "isolation.level"), Map.of("bootstrap.servers", BOOTSTRAP));

    @Test
    void fileThenVariablesWhichWinAndSettingsAreNotPassedThrough(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "# TLS\nsecurity.protocol=SSL\nssl.truststore.location=/etc/ca.crt\n"
                + "ssl.endpoint.identification.algorithm=\n");

        Map<String, String> props = PASS.read(file, Map.of("MESHPERF_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "MESHPERF_KAFKA_SASL_MECHANISM", "PLAIN", "MESHPERF_KAFKA_TIMEOUT_MS", "5000",
                "MESHPERF_KAFKA_PROPERTIES_FILE", file.toString(), "MESHPERF_KAFKA_", "x", "OTHER", "y"), SETTINGS);

        assertThat(props).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "ssl.truststore.location", "/etc/ca.crt", "ssl.endpoint.identification.algorithm", "",
                "sasl.mechanism", "PLAIN"));
    }

    @Test
    void noFileNoVariablesIsEmpty() {
        assertThat(PASS.read(null, Map.of("MESHPERF_CLUSTER", "c"), SETTINGS)).isEmpty();
    }

    @Test
    void reservedPropertiesAreRefusedNamingTheirOrigin(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PASS.read(null, Map.of("MESHPERF_KAFKA_ISOLATION_LEVEL", "read_uncommitted"), SETTINGS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MESHPERF_KAFKA_ISOLATION_LEVEL: Kafka property 'isolation.level' is set by the component"
                        + " itself and cannot be overridden");
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> PASS.read(file, Map.of(), SETTINGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MESHPERF_KAFKA_PROPERTIES_FILE (--kafka-properties-file) (" + file + ")")
                .hasMessageContaining("'bootstrap.servers' is set by the component itself; use"
                        + " MESHPERF_KAFKA_BOOTSTRAP_SERVERS (--kafka-bootstrap-servers)");
    }

    @Test
    void unreadableFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> PASS.read(missing, Map.of(), SETTINGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("MESHPERF_KAFKA_PROPERTIES_FILE (--kafka-properties-file): cannot read "
                        + missing);
    }

    @Test
    void malformedEntriesAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        // A value on a line of its own: read as a key with no value.
        Files.writeString(file, "security.protocol=\nSASL_SSL\n");
        assertThatThrownBy(() -> PASS.read(file, Map.of(), SETTINGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("malformed entry 'SASL_SSL'");
        Files.writeString(file, "sasl.jaas.config=bad \\u00zz escape\n");
        assertThatThrownBy(() -> PASS.read(file, Map.of(), SETTINGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + "): malformed entry");
    }

    @Test
    void passThroughOverridesTheComponentsTuningDefaults() {
        Map<String, Object> config = KafkaPassThrough.withPassThrough(Map.of("linger.ms", 5, "acks", "all"),
                Map.of("linger.ms", "20", "security.protocol", "SSL"));

        assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of("linger.ms", "20", "acks", "all",
                "security.protocol", "SSL"));
    }

    @Test
    void aReplacingSettingMustBeForAReservedProperty() {
        assertThatThrownBy(() -> new KafkaPassThrough("x", Set.of(), Map.of("bootstrap.servers", BOOTSTRAP)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
