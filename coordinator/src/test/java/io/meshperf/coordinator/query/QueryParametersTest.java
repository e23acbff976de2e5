package io.meshperf.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    private static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aFullMatrixQueryParses() {
        MatrixQuery q = QueryParameters.matrix(params("cluster", "prod", "path", "pod_to_pod", "test", "TCP_LAT",
                "window", "1h", "at", "2026-01-01T10:00:00Z", "figure", "latency.p99", "excludeBusy", "true"));
        assertThat(q).isEqualTo(new MatrixQuery("prod", Path.POD_TO_POD, TestType.TCP_LAT, Duration.ofHours(1),
                Instant.parse("2026-01-01T10:00:00Z"), Figure.LATENCY_P99, true));
    }

    @ParameterizedTest
    @CsvSource({"60s, PT1M", "1m, PT1M", "1h, PT1H", "1d, PT24H", "PT5M, PT5M"})
    void windowsParse(String text, String expected) {
        assertThat(QueryParameters.window(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cluster=prod&test=TCP_LAT                              | path",
        "cluster=prod&path=SIDEWAYS&test=TCP_LAT                | path",
        "cluster=prod&path=POD_TO_POD&test=UNKNOWN              | test",
        "cluster=prod&path=POD_TO_POD&test=TCP_LAT&window=soon  | window",
        "cluster=prod&path=POD_TO_POD&test=TCP_LAT&window=0s    | window",
        "cluster=prod&path=POD_TO_POD&test=TCP_LAT&at=yesterday | at",
        "cluster=prod&path=POD_TO_POD&test=TCP_LAT&figure=speed | figure",
        "cluster=prod&path=POD_TO_POD&test=TCP_LAT&colour=red   | colour",
        "cluster=a/b&path=POD_TO_POD&test=TCP_LAT               | cluster",
        "cluster=prod&cluster=dev&path=POD_TO_POD&test=TCP_LAT  | cluster",
        "cluster=prod&path=POD_TO_POD&test=TCP_LAT&excludeBusy=1 | excludeBusy"})
    void badMatrixParametersAreNamed(String query, String parameter) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            map.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>()).add(kv[1]);
        }
        assertThatThrownBy(() -> QueryParameters.matrix(map))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.parameter()).isEqualTo(parameter);
                    assertThat(e.getMessage()).contains(parameter);
                });
    }

    @Test
    void compareNeedsTwoDistinctClustersAndPairsCheckTheirRange() {
        assertThat(QueryParameters.compare(params("clusters", "a, b")).clusters()).containsExactly("a", "b");
        assertThatThrownBy(() -> QueryParameters.compare(params("clusters", "a")))
                .hasMessageContaining("at least two");
        assertThatThrownBy(() -> QueryParameters.compare(params("clusters", "a,a")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> QueryParameters.pair("a", "b", params("cluster", "c", "path", "NODE_TO_NODE",
                "test", "TCP_BW", "from", "2000", "to", "1000")))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        PairQuery service = QueryParameters.pair("a", "ns/svc", params("cluster", "c", "path", "POD_TO_SERVICE",
                "test", "TCP_LAT", "from", "1000"));
        assertThat(service.dst()).isEqualTo("ns/svc");
        assertThat(service.from()).isEqualTo(Instant.ofEpochMilli(1000));
    }
}
