package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TestClusters;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random properties of the bandwidth tournament over many sizes and churn. */
class BandwidthPlannerPropertyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final PlanConfig CONFIG = PlanConfig.defaults();
    private final BandwidthPlanner planner = new BandwidthPlanner(CONFIG);

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 33, 64, 101, 256})
    void everyUnorderedPairOncePerCycleNoNodeTwiceInASlotDirectionsAlternate(int n) {
        TargetSet set = TestClusters.healthy("c", n, 3);
        BandwidthSchedule cycle0 = planner.schedule(set, 4);
        BandwidthSchedule cycle1 = planner.schedule(set, 5);
        BandwidthSchedule cycle2 = planner.schedule(set, 6);
        int expectedSlots = n < 2 ? 0 : (n % 2 == 0 ? n - 1 : n);
        assertThat(cycle0.slotCount()).isEqualTo(expectedSlots);
        assertThat(planner.slotsPerCycle(set)).isEqualTo(expectedSlots);
        Map<Set<String>, Pairing> seen = new HashMap<>();
        Map<String, Integer> byes = new HashMap<>();
        for (int s = 0; s < cycle0.slotCount(); s++) {
            Set<String> inSlot = new HashSet<>();
            List<Pairing> pairings = cycle0.pairings(s);
            assertThat(pairings).hasSize(n / 2);
            for (Pairing p : pairings) {
                assertThat(inSlot.add(p.client())).as("slot %d: %s twice", s, p.client()).isTrue();
                assertThat(inSlot.add(p.server())).as("slot %d: %s twice", s, p.server()).isTrue();
                assertThat(seen.put(Set.of(p.client(), p.server()), p)).as("pair %s again", p).isNull();
            }
            for (String node : set.measurableNodes()) {
                if (!inSlot.contains(node)) {
                    byes.merge(node, 1, Integer::sum);
                }
            }
            List<Pairing> reversed = cycle1.pairings(s);
            assertThat(reversed).hasSize(pairings.size());
            for (int t = 0; t < pairings.size(); t++) {
                assertThat(reversed.get(t)).isEqualTo(new Pairing(pairings.get(t).server(), pairings.get(t).client()));
            }
            assertThat(cycle2.pairings(s)).isEqualTo(pairings);
        }
        assertThat(seen).hasSize(n * (n - 1) / 2);
        if (n % 2 == 1 && n > 1) {
            assertThat(byes).hasSize(n).allSatisfy((node, count) -> assertThat(count).isEqualTo(1));
        } else {
            assertThat(byes).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2, 3, 4, 5, 10, 11, 64, 101})
    void eachNodeIsClientAboutAsOftenAsServerWithinACycle(int n) {
        BandwidthSchedule schedule = planner.schedule(TestClusters.healthy("c", n, 1), 0);
        Map<String, Integer> balance = new HashMap<>();
        for (int s = 0; s < schedule.slotCount(); s++) {
            for (Pairing p : schedule.pairings(s)) {
                balance.merge(p.client(), 1, Integer::sum);
                balance.merge(p.server(), -1, Integer::sum);
            }
        }
        // even N: N-1 matches each, so the best is a difference of one; odd N: N-1 matches, even
        int allowed = n % 2 == 0 ? 1 : 2;
        assertThat(balance).hasSize(n).allSatisfy((node, diff) -> assertThat(Math.abs(diff)).isLessThanOrEqualTo(allowed));
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2, 3, 7, 12, 40})
    void slotsRunEachMatchsPathsBackToBackAndReserveBothNodes(int n) {
        TargetSet set = TestClusters.healthy("c", n, 2);
        BandwidthSchedule schedule = planner.schedule(set, 0);
        long jobMillis = CONFIG.bandwidthJobMillis();
        for (int s = 0; s < schedule.slotCount(); s++) {
            Instant start = T0.plusSeconds(1000L * s);
            BandwidthSlot slot = schedule.planSlot(set, s, start);
            assertThat(slot.slot()).isEqualTo(new SlotId(0, s));
            assertThat(slot.lastOfCycle()).isEqualTo(s == schedule.slotCount() - 1);
            PlanChecks.jobsAreSound(set, slot.jobs());
            assertThat(slot.jobs()).hasSize(3 * (n / 2));
            Map<String, List<PlannedJob>> byPair = new LinkedHashMap<>();
            for (PlannedJob job : slot.jobs()) {
                assertThat(job.kind()).isEqualTo(JobKind.BANDWIDTH);
                assertThat(job.tests()).containsExactly(TestType.TCP_BW, TestType.UDP_BW);
                assertThat(job.sequence()).isEqualTo(slot.slot().number());
                assertThat(job.deadline()).isBeforeOrEqualTo(slot.deadline());
                byPair.computeIfAbsent(job.sourceNode() + ">" + job.peerNode(), k -> new ArrayList<>()).add(job);
            }
            assertThat(byPair.keySet()).containsExactlyInAnyOrderElementsOf(
                    schedule.pairings(s).stream().map(p -> p.client() + ">" + p.server()).toList());
            for (List<PlannedJob> pair : byPair.values()) {
                for (int m = 0; m < pair.size(); m++) {
                    PlannedJob job = pair.get(m);
                    assertThat(job.startNotBefore()).isEqualTo(start.plusMillis(m * jobMillis));
                    for (String node : List.of(job.sourceNode(), job.peerNode())) {
                        Window w = slot.busyWindows().windows(node).get(0);
                        assertThat(w.start()).isEqualTo(start);
                        assertThat(w.end()).isAfterOrEqualTo(job.deadline());
                    }
                }
            }
            assertThat(slot.busyNodes()).hasSize(2 * (n / 2));
            assertThat(slot.expectedEnd()).isEqualTo(start.plusMillis(3 * jobMillis));
            assertThat(slot.pauseAfter()).isEqualTo(CONFIG.bandwidthPauseAfter(Duration.ofMillis(3 * jobMillis)));
        }
    }

    @Test
    void churnOnlyRemovesMatchesAndNothingIsPlannedForMissingOrUnreadyEnds() {
        Random rnd = new Random(99);
        for (int trial = 0; trial < 30; trial++) {
            int n = rnd.nextInt(80);
            TargetSet atCycleStart = TestClusters.random(rnd, "c", n);
            BandwidthSchedule schedule = planner.schedule(atCycleStart, trial);
            TargetSet current = atCycleStart;
            for (int s = 0; s < schedule.slotCount(); s++) {
                if (rnd.nextInt(4) == 0) {
                    current = TestClusters.churn(rnd, current, 5000 + s * 3);
                }
                BandwidthSlot slot = schedule.planSlot(current, s, T0);
                PlanChecks.jobsAreSound(current, slot.jobs());
                Map<String, String> matchOf = new HashMap<>();
                for (PlannedJob job : slot.jobs()) {
                    String match = job.sourceNode() + ">" + job.peerNode();
                    assertThat(matchOf.merge(job.sourceNode(), match, (a, b) -> a.equals(b) ? a : "CLASH"))
                            .isEqualTo(match);
                    assertThat(matchOf.merge(job.peerNode(), match, (a, b) -> a.equals(b) ? a : "CLASH"))
                            .isEqualTo(match);
                    assertThat(schedule.pairings(s)).contains(new Pairing(job.sourceNode(), job.peerNode()));
                    assertThat(PlanChecks.expectedPaths(current, job.sourceNode(), job.peerNode()))
                            .contains(job.path());
                }
                assertThat(slot.busyNodes()).isEqualTo(matchOf.keySet());
            }
        }
    }

    @ParameterizedTest(name = "duty {0}")
    @ValueSource(doubles = {0.05, 0.2, 1.0})
    void theDutyCycleBoundsEachNodesShareOfTimeInBandwidthTests(double duty) {
        PlanConfig config = CONFIG.toBuilder().bandwidthDutyCycle(duty).build();
        BandwidthPlanner p = new BandwidthPlanner(config);
        TargetSet set = TestClusters.random(new Random(5), "c", 31);
        BandwidthSchedule schedule = p.schedule(set, 0);
        Instant at = T0;
        Map<String, Long> busyMillis = new HashMap<>();
        for (int s = 0; s < schedule.slotCount(); s++) {
            BandwidthSlot slot = schedule.planSlot(set, s, at);
            for (PlannedJob job : slot.jobs()) {
                busyMillis.merge(job.sourceNode(), config.bandwidthJobMillis(), Long::sum);
                busyMillis.merge(job.peerNode(), config.bandwidthJobMillis(), Long::sum);
            }
            assertThat(slot.nextStartNotBefore()).isEqualTo(slot.expectedEnd().plus(slot.pauseAfter()));
            at = slot.nextStartNotBefore();
        }
        long total = Duration.between(T0, at).toMillis();
        assertThat(busyMillis).isNotEmpty();
        busyMillis.forEach((node, busy) -> assertThat((double) busy / total).as(node).isLessThanOrEqualTo(duty + 1e-9));
    }

    @Test
    void rejectsSlotsOutsideTheCycleAndOtherClusters() {
        TargetSet set = TestClusters.healthy("c", 4, 1);
        assertThatThrownBy(() -> planner.planSlot(set, 0, 3, T0))
                .hasMessageContaining("slot index must be in 0..2 for a cycle of 4 nodes, got 3");
        assertThatThrownBy(() -> planner.planSlot(TestClusters.healthy("c", 1, 1), 0, 0, T0))
                .hasMessageContaining("slot index must be in 0..-1");
        assertThatThrownBy(() -> planner.schedule(set, 0).planSlot(TestClusters.healthy("d", 4, 1), 0, T0))
                .hasMessageContaining("schedule is for cluster c, not d");
        assertThatThrownBy(() -> planner.schedule(set, -1)).hasMessageContaining("cycle must not be negative");
    }

    @Test
    void slotIdsAndJobIdsAreDeterministic() {
        TargetSet set = TestClusters.healthy("c", 6, 1);
        BandwidthSlot one = planner.planSlot(set, 3, 2, T0);
        BandwidthSlot two = planner.planSlot(set, 3, 2, T0);
        assertThat(one.jobs()).isEqualTo(two.jobs());
        assertThat(one.jobs().get(0).jobId()).startsWith("c/bw/c3s2/").endsWith("/NODE_TO_NODE");
        assertThat(SlotId.fromNumber(one.jobs().get(0).sequence())).isEqualTo(new SlotId(3, 2));
    }
}
