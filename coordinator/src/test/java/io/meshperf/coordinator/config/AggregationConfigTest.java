package io.meshperf.coordinator.config;

import io.meshperf.schemas.settings.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The aggregation settings of the coordinator's configuration. */
class AggregationConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("MESHPERF_CLUSTER", "prod",
                "MESHPERF_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "HOSTNAME", "coordinator-0", "POD_IP", "10.1.2.3"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaults() {
        AggregationConfig a = CoordinatorConfig.from(Map.of(), env()).aggregation();
        assertThat(a.enabled()).isTrue();
        assertThat(a.settings().windows()).containsExactly(Duration.ofMinutes(1), Duration.ofHours(1));
        assertThat(a.settings().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.settings().history()).isEqualTo(Duration.ofHours(24));
        assertThat(a.settings().resultsTopic()).isEqualTo("meshperf.results");
        assertThat(a.settings().aggregatesTopic()).isEqualTo("meshperf.aggregates");
        assertThat(a.settings().dlqTopic()).isEqualTo("meshperf.dlq");
        assertThat(a.settings().serviceWeights()).isEmpty();
        assertThat(a.applicationId()).as("shared by one cluster's replicas, distinct per cluster")
                .isEqualTo("meshperf-aggregation.prod");
        assertThat(a.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "meshperf-streams",
                "coordinator-0"));
        assertThat(a.streamThreads()).isEqualTo(1);
        assertThat(a.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(a.metricsRefresh()).isEqualTo(Duration.ofSeconds(15));
        assertThat(a.peerPort()).as("the HTTP port + 1").isEqualTo(8081);
        assertThat(a.applicationServer(8081)).as("the pod IP and the bound peer port").isEqualTo("10.1.2.3:8081");
    }

    @Test
    void everySettingCanBeGiven() {
        AggregationConfig a = CoordinatorConfig.from(Map.of(
                "--aggregation-enabled", "false",
                "--aggregation-windows-s", "3600, 10",
                "--aggregation-grace-ms", "0",
                "--aggregation-history-h", "48",
                "--aggregation-service-weights", "ns/svc=ns/a:2,ns/b:1;other/s=other/c:1",
                "--aggregation-stream-threads", "4",
                "--aggregation-state-dir", "/var/lib/meshperf",
                "--aggregation-commit-interval-ms", "250",
                "--aggregation-application-id", "agg-blue",
                "--aggregation-advertised-address", "coordinator-0.coordinators:9000"), env(
                "MESHPERF_AGGREGATES_TOPIC", "aggs", "MESHPERF_DLQ_TOPIC", "dead",
                "MESHPERF_AGGREGATE_METRICS_REFRESH_MS", "5000")).aggregation();
        assertThat(a.enabled()).isFalse();
        assertThat(a.settings().windows()).containsExactly(Duration.ofSeconds(10), Duration.ofHours(1));
        assertThat(a.settings().grace()).isZero();
        assertThat(a.settings().history()).isEqualTo(Duration.ofHours(48));
        assertThat(a.settings().serviceWeights()).isEqualTo(Map.of("ns/svc", Map.of("ns/a", 2.0, "ns/b", 1.0),
                "other/s", Map.of("other/c", 1.0)));
        assertThat(a.settings().aggregatesTopic()).isEqualTo("aggs");
        assertThat(a.settings().dlqTopic()).isEqualTo("dead");
        assertThat(a.streamThreads()).isEqualTo(4);
        assertThat(a.stateDir()).isEqualTo(Path.of("/var/lib/meshperf"));
        assertThat(a.commitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(a.applicationId()).isEqualTo("agg-blue");
        assertThat(a.applicationServer(8080)).isEqualTo("coordinator-0.coordinators:9000");
        assertThat(a.metricsRefresh()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anAdvertisedHostWithoutPortUsesTheBoundPeerPort() {
        AggregationConfig a = CoordinatorConfig.from(Map.of("--aggregation-advertised-address", "127.0.0.1"), env())
                .aggregation();
        assertThat(a.applicationServer(41234)).isEqualTo("127.0.0.1:41234");
        AggregationConfig v6 = CoordinatorConfig.from(Map.of("--aggregation-advertised-address", "fd00::7"), env())
                .aggregation();
        assertThat(v6.applicationServer(8081)).as("a pod's IPv6 address").isEqualTo("[fd00::7]:8081");
    }

    @Test
    void thePeerPortIsGivenOrFollowsTheHttpPortAndNeverSharesIt() {
        assertThat(CoordinatorConfig.from(Map.of("--aggregation-peer-port", "9100"), env()).aggregation().peerPort())
                .isEqualTo(9100);
        assertThat(CoordinatorConfig.from(Map.of("--http-port", "0"), env()).aggregation().peerPort())
                .as("a free one when the HTTP port is free too").isZero();
        assertThat(CoordinatorConfig.from(Map.of("--http-port", "0", "--aggregation-peer-port", "0"), env())
                .aggregation().peerPort()).isZero();
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of("--aggregation-peer-port", "8080"), env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MESHPERF_AGGREGATION_PEER_PORT (--aggregation-peer-port) must differ from"
                        + " MESHPERF_HTTP_PORT (--http-port) (8080)");
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of("--http-port", "65535"), env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set MESHPERF_AGGREGATION_PEER_PORT");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--aggregation-windows-s|0|MESHPERF_AGGREGATION_WINDOWS_S (--aggregation-windows-s) from flag --aggregation-windows-s: '0' is not valid: must be 1..",
        "--aggregation-windows-s|60,60|window size 60 s is given twice",
        "--aggregation-windows-s|1m|MESHPERF_AGGREGATION_WINDOWS_S (--aggregation-windows-s) from flag --aggregation-windows-s: '1m' is not valid: must be a whole number",
        "--aggregation-grace-ms|-1|MESHPERF_AGGREGATION_GRACE_MS (--aggregation-grace-ms) from flag --aggregation-grace-ms: '-1' is not valid: must be at least 0 ms",
        "--aggregation-history-h|0|MESHPERF_AGGREGATION_HISTORY_H (--aggregation-history-h) from flag --aggregation-history-h: '0' is not valid: must be 1..",
        "--aggregation-stream-threads|0|MESHPERF_AGGREGATION_STREAM_THREADS (--aggregation-stream-threads) from flag --aggregation-stream-threads: '0' is not valid: must be 1..64",
        "--aggregation-commit-interval-ms|5|MESHPERF_AGGREGATION_COMMIT_INTERVAL_MS (--aggregation-commit-interval-ms) from flag --aggregation-commit-interval-ms: '5' is not valid: must be at least 10 ms",
        "--aggregation-enabled|yes|MESHPERF_AGGREGATION_ENABLED (--aggregation-enabled) from flag --aggregation-enabled: 'yes' is not valid: must be one of true, false",
        "--aggregation-application-id|a/b|MESHPERF_AGGREGATION_APPLICATION_ID (--aggregation-application-id) from flag --aggregation-application-id: 'a/b' is not valid",
        "--aggregation-advertised-address|host:99999|MESHPERF_AGGREGATION_ADVERTISED_ADDRESS (--aggregation-advertised-address) from flag --aggregation-advertised-address: 'host:99999' is not valid: must be 1..65535",
        "--aggregates-topic|a b|MESHPERF_AGGREGATES_TOPIC (--aggregates-topic) from flag --aggregates-topic: 'a b' is not valid",
        "--dlq-topic|..|MESHPERF_DLQ_TOPIC (--dlq-topic) from flag --dlq-topic: '..' is not valid",
        "--aggregation-service-weights|ns/svc|MESHPERF_AGGREGATION_SERVICE_WEIGHTS (--aggregation-service-weights) from flag --aggregation-service-weights: 'ns/svc' is not valid: 'ns/svc' is not ns/service=ns/pod:weight,...",
        "--aggregation-service-weights|svc=ns/a:1|Service 'svc' must be namespace/name",
        "--aggregation-service-weights|ns/svc=ns/a:0|weight of ns/a must be above 0, got '0'",
        "--aggregation-service-weights|ns/svc=ns/a:x|weight of ns/a must be a number, got 'x'",
        "--aggregation-service-weights|ns/svc=ns/a:1,ns/a:2|backend ns/a of ns/svc is given twice",
        "--aggregate-metrics-refresh-ms|10|MESHPERF_AGGREGATE_METRICS_REFRESH_MS (--aggregate-metrics-refresh-ms) from flag --aggregate-metrics-refresh-ms: '10' is not valid: must be at least 100 ms",
    })
    void badValuesAreNamed(String flag, String value, String message) {
        assertThatThrownBy(() -> CoordinatorConfig.from(Map.of(flag, value), env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void serviceWeightsReadBackAsWritten() {
        ServiceWeights weights = ServiceWeights.parse("ns/svc=ns/a:2.0,ns/b:1.0;o/s=o/c:0.5");
        assertThat(ServiceWeights.parse(weights.toString())).isEqualTo(weights);
        assertThat(weights.weights().get("o/s")).containsEntry("o/c", 0.5);
    }

    @Test
    void theSettingsTableShowsListDefaultsAsWritten() {
        assertThat(CoordinatorSettings.markdownTable())
                .contains("| `MESHPERF_AGGREGATION_WINDOWS_S` | `--aggregation-windows-s` | seconds,... | 60,3600 |");
        assertThat(List.copyOf(CoordinatorSettings.ALL)).contains(CoordinatorSettings.AGGREGATION_ENABLED);
    }
}
