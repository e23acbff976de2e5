package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.coordinator.query.MatrixQuery;
import io.meshperf.coordinator.query.MatrixView;
import io.meshperf.coordinator.query.PairHistoryView;
import io.meshperf.coordinator.query.PairQuery;
import io.meshperf.coordinator.query.PathTestSummary;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.meshperf.coordinator.query.SummaryQuery;
import io.meshperf.coordinator.query.SummaryView;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.kafka.PairAggregateDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology's arithmetic on Kafka Streams' test driver: windows, lateness, percentiles, taxes, splits, DLQ. */
class AggregationTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final AggregationSettings SETTINGS = AggregationSettings.defaults()
            .withWindows(List.of(Duration.ofMinutes(1), Duration.ofHours(1)), GRACE);

    @TempDir
    java.nio.file.Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, PairAggregate> aggregates;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "aggregation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AggregationTopology.build(SETTINGS), props, T0);
        results = driver.createInputTopic(SETTINGS.resultsTopic(), new StringSerializer(), new ByteArraySerializer());
        aggregates = driver.createOutputTopic(SETTINGS.aggregatesTopic(), new StringDeserializer(),
                new PairAggregateDeserializer());
        dlq = driver.createOutputTopic(SETTINGS.dlqTopic(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(MeasurementResult result) {
        results.pipeInput(Results.key(result), Codecs.MEASUREMENT_RESULT.encode(result));
    }

    private StoreAggregateQueries queries(Instant now) {
        return new StoreAggregateQueries(new WindowStoreReader(SETTINGS.windows(), driver::getWindowStore), SETTINGS,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Moves stream time far enough that every window so far closes (a result in a later hour). */
    private void closeWindows() {
        // Closed windows are looked for at most once a wall-clock second.
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        send(Results.latency("other", Path.NODE_TO_NODE, "x", "y", T0.plus(Duration.ofHours(3)), 1000));
    }

    @Test
    void percentilesOfAKnownDistributionAreExactToTheHistogramPrecision() {
        // Latencies 1 us .. 1000 us, one each, all in the first minute.
        for (int i = 1; i <= 1000; i++) {
            send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusMillis(i), i * 1000.0));
        }
        closeWindows();

        Map<String, PairAggregate> minute = finalAggregates(Duration.ofMinutes(1));
        PairAggregate aggregate = minute.get("prod/POD_TO_POD/TCP_LAT/a/b");
        assertThat(aggregate.getCount()).isEqualTo(1000);
        assertThat(aggregate.getOkCount()).isEqualTo(1000);
        assertThat(aggregate.getLatencyNs().getP50()).isCloseTo(500_000, within(500.0));
        assertThat(aggregate.getLatencyNs().getP90()).isCloseTo(900_000, within(900.0));
        assertThat(aggregate.getLatencyNs().getP99()).isCloseTo(990_000, within(990.0));
        assertThat(aggregate.getLatencyNs().getP999()).isCloseTo(999_000, within(999.0));
        assertThat(aggregate.getLatencyNs().getMin()).isCloseTo(1_000, within(1.0));
        assertThat(aggregate.getLatencyNs().getMean()).isCloseTo(500_500, within(500.0));
        assertThat(aggregate.getWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void tumblingWindowsSplitByMinuteAndTheHourHoldsBoth() {
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(5), 100_000));
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(65), 300_000));
        send(Results.failed("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(70), Status.TIMEOUT));
        closeWindows();

        List<PairAggregate> all = aggregates.readValuesToList().stream()
                .filter(a -> a.getCluster().equals("prod")).toList();
        assertThat(all).extracting(a -> Duration.between(a.getWindowStart(), a.getWindowEnd()).toMinutes(),
                PairAggregate::getCount).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1L, 1L), org.assertj.core.groups.Tuple.tuple(1L, 2L),
                org.assertj.core.groups.Tuple.tuple(60L, 3L));
        PairAggregate hour = all.stream().filter(a -> a.getWindowEnd().equals(T0.plus(Duration.ofHours(1))))
                .findFirst().orElseThrow();
        assertThat(hour.getOkCount()).isEqualTo(2);
        assertThat(hour.getFailures()).containsExactly(Map.entry("TIMEOUT", 1L));
        assertThat(hour.getLatencyNs().getP50()).isCloseTo(100_000, within(100.0));
        assertThat(hour.getLatencyNs().getMax()).isCloseTo(300_000, within(300.0));
    }

    @Test
    void aLateResultWithinGraceCountsAndOneAfterGraceIsDropped() {
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(10), 100_000));
        // Stream time moves to 10:01:05, inside the first minute's grace (it ends 10:01:00 + 10 s).
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(65), 100_000));
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(20), 200_000));
        // Stream time 10:01:30: the first minute has closed; this late result is dropped from it.
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(90), 100_000));
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(30), 900_000));

        PairHistoryView history = queries(T0.plusSeconds(95)).pairHistory(new PairQuery("prod", "a", "b",
                Path.POD_TO_POD, TestType.TCP_LAT, Duration.ofMinutes(1), T0, T0.plusSeconds(60), false));
        assertThat(history.windows()).hasSize(2);
        assertThat(history.windows().get(0).figures().count()).isEqualTo(2);
        assertThat(history.windows().get(0).complete()).isTrue();
        assertThat(history.windows().get(0).figures().latencyNs().max()).isLessThan(900_000);
        assertThat(history.windows().get(1).figures().count()).isEqualTo(2);
        assertThat(history.windows().get(1).complete()).isFalse();
    }

    @Test
    void undecodableAndInvalidResultsGoToTheDeadLetterTopicAndProcessingContinues() {
        results.pipeInput("prod/POD_TO_POD/a/b", "not avro".getBytes(StandardCharsets.UTF_8), T0);
        MeasurementResult wrongKey = Results.latency("prod", Path.POD_TO_POD, "a", "b", T0, 1000);
        results.pipeInput("prod/POD_TO_POD/a/c", Codecs.MEASUREMENT_RESULT.encode(wrongKey), T0);
        MeasurementResult noLatency = Results.result("prod", Path.POD_TO_POD, TestType.TCP_LAT, "a", "b", T0,
                Status.OK).build();
        send(noLatency);
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0.plusSeconds(1), 1000));

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DecodeResults.REASON))
                .containsExactly("NOT_SINGLE_OBJECT", "KEY_MISMATCH", "INVALID");
        assertThat(dead.get(0).value()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead.get(0), DecodeResults.TOPIC)).isEqualTo(SETTINGS.resultsTopic());
        assertThat(header(dead.get(1), DecodeResults.OFFSET)).isEqualTo("1");
        assertThat(header(dead.get(2), DecodeResults.ERROR)).contains("latencyNs");

        PairHistoryView history = queries(T0.plusSeconds(2)).pairHistory(new PairQuery("prod", "a", "b",
                Path.POD_TO_POD, TestType.TCP_LAT, Duration.ofMinutes(1), T0, T0, false));
        assertThat(history.windows()).singleElement().satisfies(w -> assertThat(w.figures().count()).isEqualTo(1));
    }

    @Test
    void overlayAndServiceTaxesCompareMediansOfTheSameTest() {
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(i);
            send(Results.latency("prod", Path.NODE_TO_NODE, "a", "b", at, 100_000));
            send(Results.latency("prod", Path.POD_TO_POD, "a", "b", at, 150_000));
            send(Results.served("prod", "a", "meshperf/agents", at, 160_000, "meshperf/agent-" + (i % 2)));
            send(Results.bandwidth("prod", Path.NODE_TO_NODE, "a", "b", at, 1.0e9, 0.5, 2.0));
            send(Results.bandwidth("prod", Path.POD_TO_POD, "a", "b", at, 0.5e9, 3.0, 3.25));
        }
        SummaryView summary = queries(T0.plusSeconds(70)).summary(new SummaryQuery("prod", null, null, false));
        PathTestSummary podLatency = row(summary, Path.POD_TO_POD, TestType.TCP_LAT);
        assertThat(podLatency.overlayTax().addedLatencyNs()).isCloseTo(50_000, within(150.0));
        PathTestSummary podBandwidth = row(summary, Path.POD_TO_POD, TestType.TCP_BW);
        assertThat(podBandwidth.overlayTax().bandwidthRatio()).isCloseTo(0.5, within(0.001));
        assertThat(podBandwidth.overlayTax().addedCpuCostNsPerByte()).isCloseTo(3.75, within(1e-9));
        PathTestSummary service = row(summary, Path.POD_TO_SERVICE, TestType.TCP_LAT);
        assertThat(service.serviceTax().addedLatencyNs()).isCloseTo(10_000, within(200.0));
        assertThat(service.loadBalancing()).singleElement().satisfies(split -> {
            assertThat(split.service()).isEqualTo("meshperf/agents");
            assertThat(split.split().backends()).extracting(LoadBalanceSplit.BackendShare::observed)
                    .containsExactly(5L, 5L);
            assertThat(split.split().pValue()).isCloseTo(1.0, within(1e-9));
        });
        assertThat(summary.complete()).isTrue();
    }

    @Test
    void busySamplesAreKeptButCanBeExcluded() {
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0, 100_000));
        send(Results.result("prod", Path.POD_TO_POD, TestType.TCP_LAT, "a", "b", T0.plusSeconds(1), Status.OK)
                .setLatencyNs(900_000.0).setConcurrentSessions(2).build());
        MatrixView all = queries(T0.plusSeconds(5)).matrix(new MatrixQuery("prod", Path.POD_TO_POD, TestType.TCP_LAT,
                null, T0, io.meshperf.coordinator.query.Figure.LATENCY_MAX, false));
        MatrixView idle = queries(T0.plusSeconds(5)).matrix(new MatrixQuery("prod", Path.POD_TO_POD,
                TestType.TCP_LAT, null, T0, io.meshperf.coordinator.query.Figure.LATENCY_MAX, true));
        assertThat(all.values().get(0).get(0)).isCloseTo(900_000, within(1000.0));
        assertThat(idle.values().get(0).get(0)).isCloseTo(100_000, within(100.0));
        closeWindows();
        assertThat(finalAggregates(Duration.ofMinutes(1)).get("prod/POD_TO_POD/TCP_LAT/a/b").getBusyCount())
                .isEqualTo(1);
    }

    @Test
    void connectivityCountsAFailingPairAsVisiblyAsASlowOne() {
        send(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0, 100_000));
        send(Results.failed("prod", Path.POD_TO_POD, "a", "c", T0, Status.UNREACHABLE));
        send(Results.failed("prod", Path.POD_TO_POD, "a", "c", T0.plusSeconds(1), Status.TIMEOUT));
        send(Results.failed("prod", Path.POD_TO_POD, "b", "c", T0, Status.SKIPPED));
        send(Results.latency("prod", Path.POD_TO_POD, "b", "c", T0, 100_000));
        PathTestSummary row = row(queries(T0.plusSeconds(70)).summary(new SummaryQuery("prod", null, null, false)),
                Path.POD_TO_POD, TestType.TCP_LAT);
        assertThat(row.pairs()).isEqualTo(3);
        assertThat(row.pairsFailing()).isEqualTo(1);
        assertThat(row.pairsDown()).isEqualTo(1);
        assertThat(row.worstPairs().get(0).dst()).isEqualTo("c");
        assertThat(row.worstPairs().get(0).successRatio()).isEqualTo(0.0);
        // 2 OK of 4 attempts: the SKIPPED result is not an attempt.
        assertThat(row.figures().successRatio()).isEqualTo(0.5);
        assertThat(row.figures().failures()).containsEntry("UNREACHABLE", 1L).containsEntry("TIMEOUT", 1L)
                .containsEntry("SKIPPED", 1L);
    }

    @Test
    void msgRateAndCpusUsedAreMeanedPerWindowIntoTheAggregateSummaryAndPairHistory() {
        double[] msgRates = {30_000, 36_000, 42_000};
        double[] local = {150, 199, 200};
        double[] remote = {100, 120, 170};
        for (int i = 0; i < 3; i++) {
            send(Results.result("prod", Path.NODE_TO_NODE, TestType.TCP_BW, "a", "b", T0.plusSeconds(i), Status.OK)
                    .setBwBytesPerSec(2.0e9).setMsgRatePerSec(msgRates[i]).setLocal(Results.side(local[i]))
                    .setRemote(Results.side(remote[i])).build());
            send(Results.result("prod", Path.NODE_TO_NODE, TestType.UDP_LAT, "b", "a", T0.plusSeconds(i), Status.OK)
                    .setLatencyNs(8_000.0).setMsgRatePerSec(125_000.0 + i * 1_000).setLocal(Results.side(201))
                    .setRemote(Results.side(199 - i)).build());
        }
        // The next minute: its own window, not in the first one's means.
        send(Results.result("prod", Path.NODE_TO_NODE, TestType.TCP_BW, "a", "b", T0.plusSeconds(61), Status.OK)
                .setBwBytesPerSec(2.0e9).setMsgRatePerSec(90_000.0).setLocal(Results.side(10)).build());

        SummaryView summary = queries(T0.plusSeconds(70)).summary(new SummaryQuery("prod", null, null, false));
        WindowFigures bandwidth = row(summary, Path.NODE_TO_NODE, TestType.TCP_BW).figures();
        assertThat(bandwidth.msgRatePerSec()).isCloseTo(36_000, within(1e-6));
        assertThat(bandwidth.localCpusUsedPercent()).isCloseTo(183, within(1e-9));
        assertThat(bandwidth.remoteCpusUsedPercent()).isCloseTo(130, within(1e-9));
        WindowFigures latency = row(summary, Path.NODE_TO_NODE, TestType.UDP_LAT).figures();
        assertThat(latency.msgRatePerSec()).isCloseTo(126_000, within(1e-6));
        assertThat(latency.localCpusUsedPercent()).isCloseTo(201, within(1e-9));
        assertThat(latency.remoteCpusUsedPercent()).isCloseTo(198, within(1e-9));

        PairHistoryView history = queries(T0.plusSeconds(70)).pairHistory(new PairQuery("prod", "a", "b",
                Path.NODE_TO_NODE, TestType.TCP_BW, Duration.ofMinutes(1), T0, T0.plusSeconds(61), false));
        assertThat(history.windows()).extracting(w -> w.figures().msgRatePerSec())
                .containsExactly(36_000.0, 90_000.0);
        assertThat(history.windows().get(1).figures().remoteCpusUsedPercent()).isNull();

        closeWindows();
        // The first minute's aggregates and the hour's, by key (the second minute's share the keys).
        Map<String, PairAggregate> minute = new java.util.HashMap<>();
        Map<String, PairAggregate> hours = new java.util.HashMap<>();
        aggregates.readKeyValuesToList().forEach(kv -> {
            if (kv.value.getWindowEnd().equals(T0.plus(Duration.ofMinutes(1)))) {
                minute.put(kv.key, kv.value);
            } else if (kv.value.getWindowEnd().equals(T0.plus(Duration.ofHours(1)))) {
                hours.put(kv.key, kv.value);
            }
        });
        PairAggregate tcpBw = minute.get("prod/NODE_TO_NODE/TCP_BW/a/b");
        assertThat(tcpBw.getMsgRatePerSecMean()).isCloseTo(36_000, within(1e-6));
        assertThat(tcpBw.getLocalCpusUsedPercentMean()).isCloseTo(183, within(1e-9));
        assertThat(tcpBw.getRemoteCpusUsedPercentMean()).isCloseTo(130, within(1e-9));
        PairAggregate udpLat = minute.get("prod/NODE_TO_NODE/UDP_LAT/b/a");
        assertThat(udpLat.getMsgRatePerSecMean()).isCloseTo(126_000, within(1e-6));
        assertThat(udpLat.getRemoteCpusUsedPercentMean()).isCloseTo(198, within(1e-9));
        // The hour holds both minutes: (30k + 36k + 42k + 90k) / 4; the remote side only from the first three.
        PairAggregate hour = hours.get("prod/NODE_TO_NODE/TCP_BW/a/b");
        assertThat(hour.getMsgRatePerSecMean()).isCloseTo(49_500, within(1e-6));
        assertThat(hour.getLocalCpusUsedPercentMean()).isCloseTo(139.75, within(1e-9));
        assertThat(hour.getRemoteCpusUsedPercentMean()).isCloseTo(130, within(1e-9));
    }

    @Test
    void aNegativeMsgRateGoesToTheDeadLetterTopic() {
        send(Results.result("prod", Path.POD_TO_POD, TestType.TCP_BW, "a", "b", T0, Status.OK)
                .setBwBytesPerSec(1e9).setMsgRatePerSec(-3.0).build());

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DecodeResults.REASON)).containsExactly("INVALID");
        assertThat(header(dead.get(0), DecodeResults.ERROR)).contains("msgRatePerSec");
    }

    private static PathTestSummary row(SummaryView summary, Path path, TestType test) {
        return summary.rows().stream().filter(r -> r.path() == path && r.test() == test).findFirst().orElseThrow();
    }

    private Map<String, PairAggregate> finalAggregates(Duration size) {
        Map<String, PairAggregate> out = new java.util.HashMap<>();
        aggregates.readKeyValuesToList().forEach(kv -> {
            if (Duration.between(kv.value.getWindowStart(), kv.value.getWindowEnd()).equals(size)) {
                assertThat(out.put(kv.key, kv.value)).as("one final aggregate per window").isNull();
            }
        });
        return out;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
