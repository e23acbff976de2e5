package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.aggregation.Results;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.codec.Codecs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The coordinator service runs the aggregation and serves it: results written to the results
 * topic show up in /api/v1/summary and /api/v1/matrix, as meshperf_aggregate_* gauges on /metrics,
 * and the heatmap page is served. One-hour windows, with the results in the previous hour: the
 * queries name that window with {@code at}, and the gauges, which read the last complete window,
 * read it too; the test starts only clear of the 30 s grace after an hour begins and at least
 * three minutes before the next hour, so the last complete window cannot change under it.
 */
class AggregationServiceIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private static final List<String> NODES = List.of("n1", "n2", "n3");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void resultsAreAggregatedAndServed(EmbeddedKafkaBroker broker) throws Exception {
        // The gauges read the last complete hour: start clear of the grace after the hour begins and
        // far enough before the next hour that the run cannot cross it (at most about 4 minutes' wait).
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(AggregationServiceIT::clearOfHourBoundaries);
        TestCluster cluster = new TestCluster(broker, "agg");
        Instant window = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        try (CoordinatorService coordinator = cluster.start("a", "--aggregation-windows-s", "3600",
                "--aggregate-metrics-refresh-ms", "500")) {
            int port = coordinator.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/readyz").statusCode() == 200);
            assertThat(new JsonObject(get(port, "/readyz").body()).getBoolean("aggregationRunning")).isTrue();

            // Every ordered pair: two OK latencies of 100 and 300 µs; n3 -> n1 also fails once.
            List<MeasurementResult> results = new ArrayList<>();
            int i = 0;
            for (String src : NODES) {
                for (String dst : NODES) {
                    if (!src.equals(dst)) {
                        results.add(Results.latency(cluster.name, Path.POD_TO_POD, src, dst,
                                window.plusSeconds(60 + i++), 100_000));
                        results.add(Results.latency(cluster.name, Path.POD_TO_POD, src, dst,
                                window.plusSeconds(60 + i++), 300_000));
                    }
                }
            }
            results.add(Results.failed(cluster.name, Path.POD_TO_POD, "n3", "n1", window.plusSeconds(60 + i),
                    Status.REFUSED));
            send(cluster, results);

            String at = "&at=" + window.plusSeconds(1800);
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/api/v1/summary?cluster=agg" + at)
                    .statusCode() == 200 && podLatencyRow(get(port, "/api/v1/summary?cluster=agg" + at))
                    .getJsonObject("figures").getLong("count") == 13L);
            JsonObject row = podLatencyRow(get(port, "/api/v1/summary?cluster=agg" + at));
            assertThat(row.getInteger("pairs")).isEqualTo(6);
            assertThat(row.getInteger("pairsFailing")).isEqualTo(1);
            assertThat(row.getInteger("pairsDown")).isZero();
            assertThat(row.getJsonObject("figures").getLong("okCount")).isEqualTo(12);
            assertThat(row.getJsonObject("figures").getJsonObject("failures").getLong("REFUSED")).isEqualTo(1);

            HttpResponse<String> matrixResponse = get(port,
                    "/api/v1/matrix?cluster=agg&path=POD_TO_POD&test=TCP_LAT&figure=count" + at);
            assertThat(matrixResponse.statusCode()).as(matrixResponse.body()).isEqualTo(200);
            JsonObject matrix = new JsonObject(matrixResponse.body());
            assertThat(matrix.getJsonArray("sources").getList()).containsExactlyElementsOf(NODES);
            assertThat(matrix.getJsonArray("destinations").getList()).containsExactlyElementsOf(NODES);
            JsonArray values = matrix.getJsonArray("values");
            assertThat(values.getJsonArray(0).getList()).containsExactly(null, 2.0, 2.0);
            assertThat(values.getJsonArray(2).getList()).containsExactly(3.0, 2.0, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/metrics").body().lines().anyMatch(
                    line -> line.startsWith("meshperf_aggregate_results{") && line.contains("path=\"POD_TO_POD\"")
                            && line.contains("test=\"TCP_LAT\"") && line.endsWith(" 13.0")));
            String metrics = get(port, "/metrics").body();
            assertThat(metrics).contains("meshperf_aggregate_pairs_failing", "meshperf_aggregate_success_ratio",
                    "meshperf_aggregate_latency_p99");

            for (String page : List.of("/", "/heatmap")) {
                HttpResponse<String> heatmap = get(port, page);
                assertThat(heatmap.statusCode()).isEqualTo(200);
                assertThat(heatmap.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/html"));
                assertThat(heatmap.body()).contains("/api/v1/matrix", "/api/v1/summary")
                        .doesNotContain("<script src", "<link ");
            }
        }
    }

    private static JsonObject podLatencyRow(HttpResponse<String> summary) {
        return new JsonObject(summary.body()).getJsonArray("rows").stream().map(JsonObject.class::cast)
                .filter(r -> "POD_TO_POD".equals(r.getString("path")) && "TCP_LAT".equals(r.getString("test")))
                .findFirst().orElseThrow(() -> new AssertionError("no POD_TO_POD TCP_LAT row in " + summary.body()));
    }

    private static void send(TestCluster cluster, List<MeasurementResult> results) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (MeasurementResult result : results) {
                producer.send(new ProducerRecord<>(cluster.results, Results.key(result),
                        Codecs.MEASUREMENT_RESULT.encode(result))).get();
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean clearOfHourBoundaries() {
        long intoHour = Duration.between(Instant.now().truncatedTo(ChronoUnit.HOURS), Instant.now()).toSeconds();
        return intoHour >= 45 && intoHour <= 3600 - 180;
    }
}
