package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TestClusters;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PlanConfig CONFIG = PlanConfig.defaults();
    private final LatencyPlanner planner = new LatencyPlanner(CONFIG);

    @ParameterizedTest(name = "{0} nodes, k={1}: {2} jobs, coverage in {3} rounds")
    @CsvSource({
        "0, 3, 0, 0",
        "1, 3, 0, 0",
        "2, 3, 6, 1",    // each node tests the other: 2 pairs x 3 paths
        "3, 3, 18, 1",   // k capped at N-1: full mesh
        "4, 3, 36, 1",
        "5, 3, 45, 2",   // 5 nodes x 3 peers x 3 paths; 4 offsets / 3 per round
        "10, 3, 90, 3",
        "10, 1, 30, 9"})
    void plansKPeersPerNodeAndStatesCoverage(int nodes, int k, int jobs, int rounds) {
        LatencyPlanner p = new LatencyPlanner(CONFIG.toBuilder().peersPerRound(k).build());
        TargetSet set = TestClusters.healthy("c", nodes, 1);
        LatencyPlan plan = p.planRound(set, 7, T0);
        assertThat(plan.jobs()).hasSize(jobs);
        assertThat(plan.roundsToFullCoverage()).isEqualTo(rounds);
        assertThat(p.roundsToFullCoverage(set)).isEqualTo(rounds);
    }

    @Test
    void rotatesPeersByTheDocumentedFormula() {
        // 5 nodes, k=2: node i tests (i + 1 + ((r*2 + j) mod 4)) mod 5.
        LatencyPlanner p = new LatencyPlanner(CONFIG.toBuilder().peersPerRound(2).build());
        TargetSet set = TestClusters.healthy("c", 5, 1);
        assertThat(peersOf(p.planRound(set, 0, T0), "n0000")).containsExactly("n0001", "n0002");
        assertThat(peersOf(p.planRound(set, 1, T0), "n0000")).containsExactly("n0003", "n0004");
        assertThat(peersOf(p.planRound(set, 2, T0), "n0000")).containsExactly("n0001", "n0002");
        assertThat(peersOf(p.planRound(set, 1, T0), "n0004")).containsExactly("n0002", "n0003");
    }

    private static List<String> peersOf(LatencyPlan plan, String src) {
        return plan.jobs().stream().filter(j -> j.sourceNode().equals(src) && j.path() == Path.NODE_TO_NODE)
                .map(PlannedJob::peerNode).collect(Collectors.toList());
    }

    @Test
    void plansThreePathsWithTheRightAgentsTargetsAndModes() {
        TargetSet set = TestClusters.healthy("c", 2, 1);
        List<PlannedJob> jobs = planner.planRound(set, 3, T0).jobs().stream()
                .filter(j -> j.sourceNode().equals("n0000")).collect(Collectors.toList());
        assertThat(jobs).extracting(PlannedJob::path)
                .containsExactly(Path.NODE_TO_NODE, Path.POD_TO_POD, Path.POD_TO_SERVICE);
        PlannedJob node = jobs.get(0);
        assertThat(node.jobId()).isEqualTo("c/lat/r3/n0000/n0001/NODE_TO_NODE");
        assertThat(node.source().id()).isEqualTo("c/n0000/host");
        assertThat(node.target()).isEqualTo(new JobTarget(EndpointKind.NODE, "host-n0001", TestClusters.PORT,
                "n0001", "meshperf/h-n0001", null, "c/n0001/host"));
        assertThat(node.protocolMode()).isEqualTo(ProtocolMode.QPERF);
        assertThat(node.tests()).containsExactly(TestType.TCP_LAT, TestType.UDP_LAT);
        assertThat(node.testDuration()).isEqualTo(Duration.ofSeconds(1));
        PlannedJob pod = jobs.get(1);
        assertThat(pod.source().id()).isEqualTo("c/n0000/pod");
        assertThat(pod.target().kind()).isEqualTo(EndpointKind.POD);
        assertThat(pod.target().host()).isEqualTo("pod-n0001");
        PlannedJob service = jobs.get(2);
        assertThat(service.source().id()).isEqualTo("c/n0000/pod");
        assertThat(service.target()).isEqualTo(new JobTarget(EndpointKind.SERVICE, "10.96.0.10", TestClusters.PORT,
                null, null, "meshperf/agents", null));
        assertThat(service.protocolMode()).isEqualTo(ProtocolMode.SINGLE_FLOW);
        assertThat(service.peerNode()).isEqualTo("n0001");
        // back to back: each path starts when the previous one's planned run ends
        assertThat(pod.startNotBefore()).isEqualTo(node.startNotBefore().plusMillis(CONFIG.latencyJobMillis()));
        assertThat(service.startNotBefore()).isEqualTo(pod.startNotBefore().plusMillis(CONFIG.latencyJobMillis()));
        assertThat(node.deadline()).isEqualTo(node.startNotBefore()
                .plusMillis(CONFIG.latencyJobMillis()).plus(CONFIG.deadlineGrace()));
    }

    static Stream<Arguments> skippedPaths() {
        return Stream.of(
                Arguments.of("no host agent on the destination", TestClusters.builder("c")
                        .node("a", "z", true).host("a", true).pod("a", true)
                        .node("b", "z", true).pod("b", true).serviceBackedByPods().build(),
                        List.of(Path.POD_TO_POD, Path.POD_TO_SERVICE)),
                Arguments.of("unready host agent at the source", TestClusters.builder("c")
                        .node("a", "z", true).host("a", false).pod("a", true)
                        .node("b", "z", true).host("b", true).pod("b", true).serviceBackedByPods().build(),
                        List.of(Path.POD_TO_POD, Path.POD_TO_SERVICE)),
                Arguments.of("no Service", TestClusters.builder("c")
                        .node("a", "z", true).host("a", true).pod("a", true)
                        .node("b", "z", true).host("b", true).pod("b", true).build(),
                        List.of(Path.NODE_TO_NODE, Path.POD_TO_POD)),
                Arguments.of("Service without ready backends", TestClusters.builder("c")
                        .node("a", "z", true).host("a", true).pod("a", true)
                        .node("b", "z", true).host("b", true).pod("b", true).service(List.of()).build(),
                        List.of(Path.NODE_TO_NODE, Path.POD_TO_POD)),
                Arguments.of("no pod agent at the source", TestClusters.builder("c")
                        .node("a", "z", true).host("a", true)
                        .node("b", "z", true).host("b", true).pod("b", true).serviceBackedByPods().build(),
                        List.of(Path.NODE_TO_NODE)),
                Arguments.of("destination node unready", TestClusters.builder("c")
                        .node("a", "z", true).host("a", true).pod("a", true)
                        .node("b", "z", false).host("b", true).pod("b", true).serviceBackedByPods().build(),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skippedPaths")
    void skipsPathsWithAMissingOrUnreadyEnd(String name, TargetSet set, List<Path> expected) {
        LatencyPlan plan = planner.planRound(set, 0, T0);
        assertThat(plan.jobs().stream().filter(j -> j.sourceNode().equals("a")).map(PlannedJob::path))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void samInputsGiveTheSamePlanAndRoundsDifferInJitter() {
        TargetSet set = TestClusters.healthy("c", 50, 3);
        assertThat(planner.planRound(set, 11, T0)).isEqualTo(planner.planRound(set, 11, T0));
        Map<String, Instant> first = starts(planner.planRound(set, 11, T0));
        Map<String, Instant> other = starts(planner.planRound(set, 12, T0));
        assertThat(first).isNotEqualTo(other);
    }

    private static Map<String, Instant> starts(LatencyPlan plan) {
        return plan.jobs().stream().filter(j -> j.path() == Path.NODE_TO_NODE)
                .collect(Collectors.toMap(PlannedJob::sourceNode, PlannedJob::startNotBefore, (a, b) -> a));
    }

    @Test
    void movesPairsOutOfBandwidthWindowsAndDropsThoseThatNoLongerFit() {
        TargetSet set = TestClusters.healthy("c", 2, 1);
        long window = CONFIG.latencyWindowMillis();
        // n0001 busy for the first 30 s of the 45 s window: both nodes' pairs involve it, so both
        // sequences (12 s each, jittered to start within the first 33 s) must start at 30 s or later.
        Instant busyUntil = T0.plusSeconds(30);
        BusyWindows early = BusyWindows.of(Map.of("n0001", List.of(new Window(T0.minusSeconds(5), busyUntil))));
        LatencyPlan unconstrained = planner.planRound(set, 0, T0);
        assertThat(unconstrained.jobs()).anySatisfy(j -> assertThat(j.startNotBefore()).isBefore(busyUntil));
        LatencyPlan moved = planner.planRound(set, 0, T0, early);
        assertThat(moved.jobs()).hasSize(6).allSatisfy(j ->
                assertThat(j.startNotBefore()).isAfterOrEqualTo(busyUntil));
        assertThat(moved.movedForBandwidth()).isGreaterThan(0);
        assertThat(moved.droppedForBandwidth()).isZero();
        assertThat(window).isEqualTo(45_000);
        // busy for the whole window: nothing fits.
        BusyWindows all = BusyWindows.of(Map.of("n0000", List.of(new Window(T0, T0.plusMillis(window)))));
        LatencyPlan dropped = planner.planRound(set, 0, T0, all);
        assertThat(dropped.jobs()).isEmpty();
        assertThat(dropped.droppedForBandwidth()).isEqualTo(6);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "59999, 0", "60000, 1", "1767225600000, 29453760", "1767225659999, 29453760"})
    void roundsAreAlignedToTheEpochSoTheNumberFixesTheStart(long epochMillis, long round) {
        assertThat(planner.roundAt(Instant.ofEpochMilli(epochMillis))).isEqualTo(round);
        assertThat(planner.roundStart(round)).isEqualTo(Instant.ofEpochMilli(round * 60_000));
        TargetSet set = TestClusters.healthy("c", 9, 2);
        assertThat(planner.planRound(set, round, BusyWindows.none()))
                .isEqualTo(planner.planRound(set, round, planner.roundStart(round)));
    }

    @Test
    void rejectsANegativeRound() {
        assertThatThrownBy(() -> planner.roundStart(-2)).hasMessageContaining("round must not be negative, got -2");
        assertThatThrownBy(() -> planner.roundAt(Instant.ofEpochMilli(-1)))
                .hasMessageContaining("instant must not be before the epoch");
        assertThatThrownBy(() -> planner.planRound(TestClusters.healthy("c", 2, 1), -1, T0))
                .hasMessageContaining("round must not be negative, got -1");
    }
}
