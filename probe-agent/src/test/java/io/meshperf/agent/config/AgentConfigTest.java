package io.meshperf.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Network;
import io.meshperf.schemas.settings.Setting;
import io.meshperf.schemas.settings.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("MESHPERF_CLUSTER", "lab");
        env.put("MESHPERF_NODE", "node-a");
        env.put("MESHPERF_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        return env;
    }

    @Test
    void defaultsMakeAHostAgent() {
        AgentConfig c = AgentConfig.load(minimal(), Map.of());

        assertThat(c.agentId().toString()).isEqualTo("lab/node-a/host");
        assertThat(c.get(AgentSettings.QPERF_PORT)).isEqualTo(19765);
        assertThat(c.get(AgentSettings.HEARTBEAT_INTERVAL_MS)).isEqualTo(10_000L);
        assertThat(c.get(AgentSettings.JOBS_TOPIC)).isEqualTo("meshperf.jobs");
        assertThat(c.get(AgentSettings.ZONE)).isNull();
        assertThat(c.kafkaProperties()).isEmpty();
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Map<String, String> env = minimal();
        env.put("MESHPERF_HEARTBEAT_INTERVAL_MS", "5000");

        AgentConfig c = AgentConfig.load(env, Map.of("HEARTBEAT_INTERVAL_MS", "2000", "NETWORK", "pod",
                "POD", "meshperf/agent-x"));

        assertThat(c.get(AgentSettings.HEARTBEAT_INTERVAL_MS)).isEqualTo(2000L);
        assertThat(c.agentId().network()).isEqualTo(Network.POD);
        assertThat(c.agentId().toString()).isEqualTo("lab/node-a/pod");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "MESHPERF_HEARTBEAT_INTERVAL_MS | ten   | MESHPERF_HEARTBEAT_INTERVAL_MS (--heartbeat-interval-ms) from MESHPERF_HEARTBEAT_INTERVAL_MS: 'ten' is not valid: must be a whole number of milliseconds",
        "MESHPERF_HEARTBEAT_INTERVAL_MS | 5     | must be at least 100 ms",
        "MESHPERF_QPERF_PORT            | 70000 | MESHPERF_QPERF_PORT (--qperf-port) from MESHPERF_QPERF_PORT: '70000' is not valid: must be a port number 0..65535",
        "MESHPERF_NETWORK               | bridge| MESHPERF_NETWORK (--network) from MESHPERF_NETWORK: 'bridge' is not valid: must be pod or host",
        "MESHPERF_POD_IP                | 10.0.0.256 | MESHPERF_POD_IP (--pod-ip)",
        "MESHPERF_NODE_IP               | node-a.example | must be an IPv4 or IPv6 address",
        "MESHPERF_KAFKA_BOOTSTRAP_SERVERS | broker | each entry must be host:port",
        "MESHPERF_MAX_SESSIONS          | 0     | MESHPERF_MAX_SESSIONS (--max-sessions) from MESHPERF_MAX_SESSIONS: '0' is not valid",
        "MESHPERF_JOBS_START_FROM       | middle| must be earliest or latest",
        "MESHPERF_NODE                  | a/b   | the agent id made of MESHPERF_CLUSTER",
    })
    void badValueNamesTheSetting(String variable, String value, String message) {
        Map<String, String> env = minimal();
        env.put(variable, value);

        assertThatThrownBy(() -> AgentConfig.load(env, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void badFlagNamesTheFlag() {
        assertThatThrownBy(() -> AgentConfig.load(minimal(), Map.of("HTTP_PORT", "-1")))
                .hasMessageContaining("MESHPERF_HTTP_PORT (--http-port) from --http-port: '-1' is not valid");
    }

    @ParameterizedTest
    @CsvSource({"MESHPERF_CLUSTER", "MESHPERF_NODE", "MESHPERF_KAFKA_BOOTSTRAP_SERVERS"})
    void missingRequiredSettingIsNamed(String variable) {
        Map<String, String> env = minimal();
        env.remove(variable);

        assertThatThrownBy(() -> AgentConfig.load(env, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " (--").hasMessageContaining("is required");
    }

    @Test
    void aReplacedPodKeepsTheAgentId() {
        Map<String, String> env = minimal();
        env.put("MESHPERF_NETWORK", "pod");

        AgentConfig before = AgentConfig.load(env, Map.of("POD", "meshperf/agent-x"));
        AgentConfig after = AgentConfig.load(env, Map.of("POD", "meshperf/agent-y"));
        AgentConfig outsideKubernetes = AgentConfig.load(env, Map.of());

        assertThat(before.agentId()).isEqualTo(after.agentId()).isEqualTo(outsideKubernetes.agentId());
        assertThat(before.agentId()).hasToString("lab/node-a/pod");
    }

    @Test
    void graceMustLeaveTimeToFlush() {
        Map<String, String> env = minimal();
        env.put("MESHPERF_STOP_TEST_GRACE_MS", "30000");

        assertThatThrownBy(() -> AgentConfig.load(env, Map.of()))
                .hasMessageContaining("MESHPERF_STOP_TEST_GRACE_MS (--stop-test-grace-ms) must be less than");
    }

    @Test
    void kafkaVariablesPassThroughAsClientProperties() {
        Map<String, String> env = minimal();
        env.put("MESHPERF_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("MESHPERF_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("MESHPERF_SOMETHING_ELSE", "x");

        AgentConfig c = AgentConfig.load(env, Map.of());

        assertThat(c.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(c.ignoredVariables()).containsExactly("MESHPERF_SOMETHING_ELSE");
    }

    @Test
    void propertiesTheAgentSetsCannotBePassedThrough() {
        Map<String, String> env = minimal();
        env.put("MESHPERF_KAFKA_ISOLATION_LEVEL", "read_uncommitted");

        assertThatThrownBy(() -> AgentConfig.load(env, Map.of()))
                .hasMessageContaining("MESHPERF_KAFKA_ISOLATION_LEVEL: Kafka property 'isolation.level' is set by the agent");
    }

    @Test
    void propertiesFileIsReadAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/ts.jks\n");
        Map<String, String> env = minimal();
        env.put("MESHPERF_KAFKA_PROPERTIES_FILE", file.toString());
        env.put("MESHPERF_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

        AgentConfig c = AgentConfig.load(env, Map.of());

        assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks");
    }

    @Test
    void unreadablePropertiesFileIsNamed(@TempDir Path dir) {
        Map<String, String> env = minimal();
        env.put("MESHPERF_KAFKA_PROPERTIES_FILE", dir.resolve("missing.properties").toString());

        assertThatThrownBy(() -> AgentConfig.load(env, Map.of()))
                .hasMessageContaining("MESHPERF_KAFKA_PROPERTIES_FILE (--kafka-properties-file): cannot read");
    }

    @Test
    void everySettingHasADocLineAndAUnitWhereItIsATime() {
        for (Setting<?> s : AgentSettings.ALL) {
            assertThat(s.doc()).as(s.name()).isNotBlank();
            if (s.type().startsWith("long")) {
                assertThat(s.name()).as("durations carry their unit").endsWith("_MS");
            }
        }
        assertThat(AgentSettings.markdownTable()).contains("| `MESHPERF_HEARTBEAT_INTERVAL_MS` | "
                + "`--heartbeat-interval-ms` | long, >= 100 | 10000 |");
    }
}
