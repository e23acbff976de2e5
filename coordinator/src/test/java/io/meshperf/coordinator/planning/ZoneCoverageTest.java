package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TestClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The zone-aware guarantee: every ordered pair of zones within zoneRoundsToCoverage() rounds. */
class ZoneCoverageTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    /** A cluster whose nodes sit in zones of uneven sizes, zone labels assigned in name order. */
    private static TargetSet zoned(Random rnd, int zones, int nodes) {
        TestClusters.Builder b = TestClusters.builder("c");
        for (int i = 0; i < nodes; i++) {
            // every zone gets one node, the rest are skewed towards the first zones
            int zone = i < zones ? i : (int) ((long) rnd.nextInt(zones) * rnd.nextInt(zones) / zones);
            String name = TestClusters.nodeName(i);
            b.node(name, "zone-" + (char) ('a' + zone), true).host(name, true).pod(name, true);
        }
        return b.serviceBackedByPods().build();
    }

    @Test
    void everyOrderedZonePairIsCoveredWithinTheStatedRounds() {
        Random rnd = new Random(4242);
        for (int trial = 0; trial < 40; trial++) {
            int zones = 2 + rnd.nextInt(11);
            int nodes = zones + rnd.nextInt(300);
            int k = 2 + rnd.nextInt(4);
            PlanConfig config = PlanConfig.builder().roundInterval(Duration.ofMinutes(3)).peersPerRound(k).zoneAware(true)
                    .zonePeersPerRound(1 + rnd.nextInt(k - 1)).build();
            TargetSet set = zoned(rnd, zones, nodes);
            LatencyPlanner planner = new LatencyPlanner(config);
            int rounds = planner.zoneRoundsToCoverage(set);
            Map<String, String> zoneOf = new TreeMap<>();
            set.nodes().forEach(node -> zoneOf.put(node.name(), node.zone()));
            Set<String> zoneNames = new HashSet<>(zoneOf.values());
            long r0 = rnd.nextInt(100_000);
            Set<String> covered = new HashSet<>();
            for (long r = r0; r < r0 + rounds; r++) {
                for (PlannedJob job : planner.planRound(set, r, T0).jobs()) {
                    covered.add(zoneOf.get(job.sourceNode()) + ">" + zoneOf.get(job.peerNode()));
                }
            }
            for (String a : zoneNames) {
                for (String b : zoneNames) {
                    if (!a.equals(b)) {
                        assertThat(covered).as("trial %d: %d zones, %d nodes, %s, %d rounds",
                                trial, zones, nodes, config, rounds).contains(a + ">" + b);
                    }
                }
            }
        }
    }

    @Test
    void oneRoundSufficesWhenEveryZoneHasEnoughNodes() {
        // 10 zones of 30 nodes, k=3 with 1 zone peer: each zone's 30 picks reach the 9 others every round,
        // while the plain rotation needs ceil(299/2) = 150 rounds for full coverage.
        TestClusters.Builder b = TestClusters.builder("c");
        for (int i = 0; i < 300; i++) {
            String name = TestClusters.nodeName(i);
            b.node(name, "zone-" + (i / 30), true).host(name, true).pod(name, true);
        }
        TargetSet set = b.build();
        PlanConfig config = PlanConfig.builder().peersPerRound(3).zoneAware(true).zonePeersPerRound(1).build();
        LatencyPlanner planner = new LatencyPlanner(config);
        assertThat(planner.zoneRoundsToCoverage(set)).isEqualTo(1);
        assertThat(planner.roundsToFullCoverage(set)).isEqualTo(150);
        for (long r : List.of(0L, 1L, 77L)) {
            Set<String> zonePairs = new HashSet<>();
            for (PlannedJob job : planner.planRound(set, r, T0).jobs()) {
                zonePairs.add(set.node(job.sourceNode()).orElseThrow().zone() + ">"
                        + set.node(job.peerNode()).orElseThrow().zone());
            }
            assertThat(zonePairs.stream().filter(p -> !p.split(">")[0].equals(p.split(">")[1]))).hasSize(90);
        }
        // without the zone share, one round of the plain rotation reaches far fewer zone pairs
        LatencyPlanner plain = new LatencyPlanner(config.toBuilder().zoneAware(false).build());
        Set<String> plainPairs = new HashSet<>();
        for (PlannedJob job : plain.planRound(set, 0, T0).jobs()) {
            plainPairs.add(set.node(job.sourceNode()).orElseThrow().zone() + ">"
                    + set.node(job.peerNode()).orElseThrow().zone());
        }
        assertThat(plainPairs.stream().filter(p -> !p.split(">")[0].equals(p.split(">")[1])).count()).isLessThan(90);
    }
}
