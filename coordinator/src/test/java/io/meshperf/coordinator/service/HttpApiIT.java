package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP endpoints of a running coordinator, on loopback. */
class HttpApiIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthReadinessMetricsAndPlanAnswer(EmbeddedKafkaBroker broker) throws Exception {
        TestCluster cluster = new TestCluster(broker, "http");
        try (FakeAgents agents = cluster.agents(List.of("n1", "n2", "n3"));
             CoordinatorService coordinator = cluster.start("a")) {
            int port = coordinator.httpPort();

            HttpResponse<String> health = get(port, "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("ok");

            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/readyz").statusCode() == 200
                    && new JsonObject(get(port, "/api/v1/plan").body()).containsKey("slot"));
            JsonObject ready = new JsonObject(get(port, "/readyz").body());
            assertThat(ready.getBoolean("discoverySynced")).isTrue();
            assertThat(ready.getBoolean("leadingOrFollowing")).isTrue();

            JsonObject plan = new JsonObject(get(port, "/api/v1/plan").body());
            assertThat(plan.getString("cluster")).isEqualTo("http");
            assertThat(plan.getBoolean("leader")).isTrue();
            assertThat(plan.getJsonObject("targets").getJsonArray("measurableNodes").getList())
                    .containsExactly("n1", "n2", "n3");
            assertThat(plan.getJsonObject("round").getLong("number")).isNotNegative();
            assertThat(plan.getJsonObject("slot").getInteger("slotsInCycle")).isEqualTo(3);
            assertThat(plan.getJsonObject("coverage").getLong("pairsTotal")).isEqualTo(6);
            assertThat(plan.getJsonObject("coverage").getLong("pairsCovered")).isBetween(1L, 6L);

            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/metrics").body()
                    .contains("meshperf_coordinator_slot_duration_seconds_count"));
            String metrics = get(port, "/metrics").body();
            assertThat(metrics).contains("meshperf_coordinator_jobs_published_total{kind=\"bandwidth\"}",
                    "meshperf_coordinator_results_seen_total", "meshperf_coordinator_leader 1.0",
                    "meshperf_coordinator_plan_pairs_measurable 6.0", "meshperf_coordinator_timeouts_total");

            HttpResponse<String> missing = get(port, "/api/v1/nothing");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type")).contains("application/json");
            JsonObject error = new JsonObject(missing.body());
            assertThat(error.getInteger("status")).isEqualTo(404);
            assertThat(error.getString("message")).contains("/api/v1/nothing");

            // The replica-to-replica endpoint is on the peer port only, which serves nothing else.
            String windows = "/api/v1/internal/windows?size=60&prefix=http%2F&from=0&to=" + System.currentTimeMillis();
            int peer = coordinator.peerPort();
            assertThat(peer).isNotEqualTo(port);
            assertThat(get(port, windows).statusCode()).as("not on the public port").isEqualTo(404);
            await().atMost(Duration.ofSeconds(60)).until(() -> get(peer, windows).statusCode() == 200);
            assertThat(get(peer, "/api/v1/plan").statusCode()).isEqualTo(404);
            assertThat(get(peer, "/metrics").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
