package io.meshperf.coordinator.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.coordinator.aggregation.InMemoryPairWindows;
import io.meshperf.coordinator.aggregation.Results;
import io.meshperf.coordinator.query.PairQuery;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.meshperf.coordinator.query.SummaryQuery;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary and pair-history JSON the API serves carry qperf's msg_rate and cpus used per row. */
class SummaryJsonTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static StoreAggregateQueries queries() {
        InMemoryPairWindows windows = new InMemoryPairWindows(List.of(Duration.ofMinutes(1)));
        windows.add(Results.result("prod", Path.POD_TO_POD, TestType.TCP_BW, "a", "b", T0, Status.OK)
                .setBwBytesPerSec(2.36e9).setMsgRatePerSec(36_000.0).setLocal(Results.side(199))
                .setRemote(Results.side(197)).build());
        windows.add(Results.result("prod", Path.POD_TO_POD, TestType.TCP_BW, "b", "a", T0, Status.OK)
                .setBwBytesPerSec(2.30e9).setMsgRatePerSec(35_000.0).setLocal(Results.side(195))
                .setRemote(Results.side(199)).build());
        // A latency row from an older agent that reported neither figure.
        windows.add(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0, 8_540));
        return new StoreAggregateQueries(windows, AggregationSettings.defaults(),
                Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC));
    }

    private static JsonObject figures(JsonObject summary, String test) {
        JsonArray rows = summary.getJsonArray("rows");
        return rows.stream().map(JsonObject.class::cast).filter(r -> r.getString("test").equals(test))
                .findFirst().orElseThrow().getJsonObject("figures");
    }

    @Test
    void summaryRowsHaveTheMeanMsgRateAndCpusUsedOfEveryPair() {
        JsonObject summary = RecordJson.toJson(queries().summary(new SummaryQuery("prod", null, null, false)));

        JsonObject bandwidth = figures(summary, "TCP_BW");
        assertThat(bandwidth.getDouble("msgRatePerSec")).isCloseTo(35_500, within(1e-6));
        assertThat(bandwidth.getDouble("localCpusUsedPercent")).isCloseTo(197, within(1e-9));
        assertThat(bandwidth.getDouble("remoteCpusUsedPercent")).isCloseTo(198, within(1e-9));
        JsonObject latency = figures(summary, "TCP_LAT");
        assertThat(latency.containsKey("msgRatePerSec")).as("present, as null").isTrue();
        assertThat(latency.getValue("msgRatePerSec")).isNull();
        assertThat(latency.getValue("localCpusUsedPercent")).isNull();
        assertThat(latency.getValue("remoteCpusUsedPercent")).isNull();
    }

    @Test
    void pairHistoryWindowsHaveThePairsOwnMeans() {
        JsonObject history = RecordJson.toJson(queries().pairHistory(new PairQuery("prod", "b", "a", Path.POD_TO_POD,
                TestType.TCP_BW, Duration.ofMinutes(1), T0, T0, false)));

        JsonObject figures = history.getJsonArray("windows").getJsonObject(0).getJsonObject("figures");
        assertThat(figures.getDouble("msgRatePerSec")).isEqualTo(35_000.0);
        assertThat(figures.getDouble("localCpusUsedPercent")).isEqualTo(195.0);
        assertThat(figures.getDouble("remoteCpusUsedPercent")).isEqualTo(199.0);
    }
}
