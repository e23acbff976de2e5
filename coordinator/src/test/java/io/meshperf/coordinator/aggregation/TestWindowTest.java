package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.NodeStats;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-window means of qperf's msg_rate and cpus used, from known values, and how windows merge. */
class TestWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static MeasurementResult tcpBw(Double msgRate, NodeStats local, NodeStats remote, int busySessions) {
        return Results.result("prod", Path.POD_TO_POD, TestType.TCP_BW, "a", "b", T0, Status.OK)
                .setBwBytesPerSec(1.0e9).setMsgRatePerSec(msgRate).setLocal(local).setRemote(remote)
                .setConcurrentSessions(busySessions).build();
    }

    private static MeasurementResult tcpLat(double msgRate, double localCpus, double remoteCpus) {
        return Results.result("prod", Path.POD_TO_POD, TestType.TCP_LAT, "a", "b", T0, Status.OK)
                .setLatencyNs(1.0e9 / msgRate).setMsgRatePerSec(msgRate).setLocal(Results.side(localCpus))
                .setRemote(Results.side(remoteCpus)).build();
    }

    @Test
    void meansAreOverTheResultsThatReportedTheFigure() {
        TestWindow window = new TestWindow();
        window.add(tcpBw(30_000.0, Results.side(100), Results.side(60), 0));
        window.add(tcpBw(36_000.0, Results.side(150), Results.side(90), 0));
        // A stock qperf peer whose STAT was not read: no remote figures, so no remote cpus used.
        window.add(tcpBw(45_000.0, Results.side(200), null, 0));
        // No msg_rate and no sides at all: counted as OK, but no value for those means.
        window.add(tcpBw(null, null, null, 0));
        window.add(Results.result("prod", Path.POD_TO_POD, TestType.TCP_BW, "a", "b", T0, Status.TIMEOUT).build());

        WindowFigures figures = WindowFigures.of(window, false);

        assertThat(figures.okCount()).isEqualTo(4);
        assertThat(figures.msgRatePerSec()).isEqualTo(37_000.0);
        assertThat(figures.localCpusUsedPercent()).isEqualTo(150.0);
        assertThat(figures.remoteCpusUsedPercent()).isEqualTo(75.0);
    }

    @Test
    void latencyTestsKeepLocAndRemCpusUsed() {
        TestWindow window = new TestWindow();
        window.add(tcpLat(50_000, 199, 201));
        window.add(tcpLat(70_000, 197, 195));

        WindowFigures figures = WindowFigures.of(window, false);

        assertThat(figures.msgRatePerSec()).isEqualTo(60_000.0);
        assertThat(figures.localCpusUsedPercent()).isEqualTo(198.0);
        assertThat(figures.remoteCpusUsedPercent()).isEqualTo(198.0);
        assertThat(figures.latencyNs().count()).isEqualTo(2);
    }

    @Test
    void busySamplesCountInAllFiguresAndAreLeftOutOfIdleOnes() {
        TestWindow window = new TestWindow();
        window.add(tcpBw(20_000.0, Results.side(40), Results.side(50), 0));
        window.add(tcpBw(80_000.0, Results.side(160), Results.side(150), 3));

        assertThat(WindowFigures.of(window, false).msgRatePerSec()).isEqualTo(50_000.0);
        assertThat(WindowFigures.of(window, false).localCpusUsedPercent()).isEqualTo(100.0);
        assertThat(WindowFigures.of(window, true).msgRatePerSec()).isEqualTo(20_000.0);
        assertThat(WindowFigures.of(window, true).remoteCpusUsedPercent()).isEqualTo(50.0);
    }

    @Test
    void mergedWindowsGiveTheMeanOfEveryValueNotAnAverageOfMeans() {
        TestWindow first = new TestWindow();
        first.add(tcpLat(10_000, 10, 30));
        first.add(tcpLat(20_000, 20, 30));
        TestWindow second = new TestWindow();
        second.add(tcpLat(60_000, 90, 60));

        TestWindow merged = new TestWindow();
        merged.addAll(first);
        merged.addAll(second);
        WindowFigures figures = WindowFigures.of(merged, false);

        // (10k + 20k + 60k) / 3 = 30k; the average of the two windows' means would be 37.5k.
        assertThat(figures.msgRatePerSec()).isEqualTo(30_000.0);
        assertThat(figures.localCpusUsedPercent()).isEqualTo(40.0);
        assertThat(figures.remoteCpusUsedPercent()).isEqualTo(40.0);
        assertThat(figures.okCount()).isEqualTo(3);
        assertThat(WindowFigures.of(first, false).msgRatePerSec()).as("the merged window is not changed")
                .isEqualTo(15_000.0);
    }

    @Test
    void aWindowWithoutTheFiguresHasNoMeans() {
        TestWindow window = new TestWindow();
        window.add(Results.latency("prod", Path.POD_TO_POD, "a", "b", T0, 10_000));
        window.add(Results.failed("prod", Path.POD_TO_POD, "a", "b", T0, Status.REFUSED));

        WindowFigures figures = WindowFigures.of(window, false);

        assertThat(figures.msgRatePerSec()).isNull();
        assertThat(figures.localCpusUsedPercent()).isNull();
        assertThat(figures.remoteCpusUsedPercent()).isNull();
        assertThat(figures.latencyNs().p50()).isCloseTo(10_000, within(10.0));
    }
}
