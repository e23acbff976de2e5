package io.meshperf.coordinator.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.coordinator.aggregation.InMemoryPairWindows;
import io.meshperf.coordinator.aggregation.Results;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP routes on a real Vert.x server on loopback, over in-memory windows. */
class AggregateRoutesIT {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static Vertx vertx;
    private static HttpServer server;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        InMemoryPairWindows windows = new InMemoryPairWindows(List.of(Duration.ofMinutes(1), Duration.ofHours(1)));
        for (int i = 0; i < 4; i++) {
            Instant at = T0.plusSeconds(i);
            windows.add(Results.result("prod", Path.NODE_TO_NODE, io.meshperf.schemas.TestType.TCP_LAT, "a", "b", at,
                    Status.OK).setLatencyNs(100_000.0).setMsgRatePerSec(5_000.0 + i * 1_000)
                    .setLocal(Results.side(20)).setRemote(Results.side(30 + i)).build());
            windows.add(Results.latency("prod", Path.POD_TO_POD, "a", "b", at, 150_000));
            windows.add(Results.latency("prod", Path.POD_TO_POD, "b", "a", at, 170_000));
            windows.add(Results.served("prod", "a", "meshperf/agents", at, 160_000, "meshperf/agent-" + (i % 2)));
            windows.add(Results.latency("dev", Path.POD_TO_POD, "a", "b", at, 300_000));
        }
        windows.add(Results.failed("prod", Path.POD_TO_POD, "a", "c", T0, Status.UNREACHABLE));
        StoreAggregateQueries queries = new StoreAggregateQueries(windows, AggregationSettings.defaults(),
                Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC));
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        AggregateRoutes.mount(router, queries);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> get(String uri) throws Exception {
        return await(client.get(server.actualPort(), "127.0.0.1", uri).send());
    }

    @Test
    void matrixIsNodeByNode() throws Exception {
        HttpResponse<Buffer> response = get("/api/v1/matrix?cluster=prod&path=POD_TO_POD&test=TCP_LAT");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).startsWith("application/json");
        JsonObject matrix = response.bodyAsJsonObject();
        assertThat(matrix.getString("figure")).isEqualTo("latency.p50");
        assertThat(matrix.getJsonArray("sources")).containsExactly("a", "b");
        assertThat(matrix.getJsonArray("destinations")).containsExactly("a", "b", "c");
        JsonArray values = matrix.getJsonArray("values");
        assertThat(values.getJsonArray(0).getValue(0)).isNull();
        assertThat(values.getJsonArray(0).getDouble(1)).isCloseTo(150_000, within(200.0));
        assertThat(values.getJsonArray(0).getValue(2)).as("a failing pair has no latency").isNull();
        assertThat(values.getJsonArray(1).getDouble(0)).isCloseTo(170_000, within(200.0));
        assertThat(matrix.getString("windowStart")).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void summaryHasTaxesSplitsAndWorstPairs() throws Exception {
        JsonObject summary = get("/api/v1/summary?cluster=prod").bodyAsJsonObject();
        JsonArray rows = summary.getJsonArray("rows");
        JsonObject pod = rows.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("path").equals("POD_TO_POD")).findFirst().orElseThrow();
        assertThat(pod.getJsonObject("overlayTax").getDouble("addedLatencyNs")).isCloseTo(50_000, within(300.0));
        assertThat(pod.getInteger("pairsFailing")).isEqualTo(1);
        assertThat(pod.getJsonArray("worstPairs").getJsonObject(0).getString("dst")).isEqualTo("c");
        assertThat(pod.getJsonObject("figures").getJsonObject("failures").getLong("UNREACHABLE")).isEqualTo(1);
        JsonObject node = rows.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("path").equals("NODE_TO_NODE")).findFirst().orElseThrow();
        assertThat(node.getJsonObject("figures").getDouble("msgRatePerSec")).isCloseTo(6_500, within(1e-6));
        assertThat(node.getJsonObject("figures").getDouble("localCpusUsedPercent")).isCloseTo(20, within(1e-9));
        assertThat(node.getJsonObject("figures").getDouble("remoteCpusUsedPercent")).isCloseTo(31.5, within(1e-9));
        JsonObject service = rows.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("path").equals("POD_TO_SERVICE")).findFirst().orElseThrow();
        JsonObject split = service.getJsonArray("loadBalancing").getJsonObject(0);
        assertThat(split.getString("service")).isEqualTo("meshperf/agents");
        assertThat(split.getJsonObject("split").getDouble("pValue")).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void pairHistoryAcceptsAServiceAsDestination() throws Exception {
        HttpResponse<Buffer> response = get("/api/v1/pairs/a/meshperf/agents?cluster=prod&path=POD_TO_SERVICE"
                + "&test=TCP_LAT&from=2026-01-01T09:00:00Z&to=2026-01-01T10:05:00Z");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject history = response.bodyAsJsonObject();
        assertThat(history.getString("dst")).isEqualTo("meshperf/agents");
        JsonObject window = history.getJsonArray("windows").getJsonObject(0);
        assertThat(window.getJsonObject("figures").getLong("count")).isEqualTo(4);
        assertThat(window.getBoolean("complete")).isTrue();
        assertThat(window.getJsonObject("tax").getDouble("addedLatencyNs")).isPositive();
    }

    @Test
    void compareShowsDifferencesFromTheFirstCluster() throws Exception {
        JsonObject compare = get("/api/v1/compare?clusters=prod,dev").bodyAsJsonObject();
        assertThat(compare.getString("baseline")).isEqualTo("prod");
        assertThat(compare.getJsonArray("summaries")).hasSize(2);
        JsonObject difference = compare.getJsonArray("differences").getJsonObject(0);
        assertThat(difference.getString("cluster")).isEqualTo("dev");
        assertThat(difference.getString("path")).isEqualTo("POD_TO_POD");
        assertThat(difference.getDouble("latencyP50DeltaNs")).isCloseTo(150_000, within(500.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/matrix?cluster=prod&path=POD_TO_POD                        | 400 | test",
        "/api/v1/matrix?cluster=prod&path=POD_TO_POD&test=TCP_LAT&window=5m | 400 | window",
        "/api/v1/summary?cluster=prod&window=1m&window=1h                   | 400 | window",
        "/api/v1/summary?cluster=nowhere                                    | 404 | cluster",
        "/api/v1/compare?clusters=prod                                      | 400 | clusters",
        "/api/v1/compare?clusters=prod,nowhere                              | 404 | clusters",
        "/api/v1/pairs/a/b?cluster=prod&path=POD_TO_POD&test=TCP_LAT&to=later | 400 | to"})
    void errorsAreJsonNamingTheParameter(String uri, int status, String parameter) throws Exception {
        HttpResponse<Buffer> response = get(uri);
        assertThat(response.statusCode()).isEqualTo(status);
        JsonObject error = response.bodyAsJsonObject();
        assertThat(error.getInteger("status")).isEqualTo(status);
        assertThat(error.getString("parameter")).isEqualTo(parameter);
        assertThat(error.getString("message")).isNotBlank();
    }
}
