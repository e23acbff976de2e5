package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TestClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seeded random properties of latency planning over many sizes, configs and churn. */
class LatencyPlannerPropertyTest {

    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 31, 64, 101, 257, 400};
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static PlanConfig randomConfig(Random rnd) {
        int k = 1 + rnd.nextInt(5);
        boolean zoneAware = k >= 2 && rnd.nextBoolean();
        return PlanConfig.builder().roundInterval(Duration.ofMinutes(3)).peersPerRound(k).zoneAware(zoneAware)
                .zonePeersPerRound(zoneAware ? 1 + rnd.nextInt(k - 1) : 1).build();
    }

    @Test
    void invariantsHoldOnRandomClustersUnderChurnAndBandwidthWindows() {
        Random rnd = new Random(20260301L);
        for (int size : SIZES) {
            for (int trial = 0; trial < 3; trial++) {
                PlanConfig config = randomConfig(rnd);
                LatencyPlanner planner = new LatencyPlanner(config);
                TargetSet set = TestClusters.random(rnd, "c" + trial, size);
                long round = rnd.nextInt(1_000_000);
                for (int step = 0; step < 5; step++, round++) {
                    Instant start = T0.plusMillis(round * config.roundInterval().toMillis());
                    BusyWindows busy = rnd.nextBoolean() ? BusyWindows.none() : randomBusy(rnd, set, start, config);
                    LatencyPlan plan = planner.planRound(set, round, start, busy);
                    String context = "size " + size + " trial " + trial + " round " + round + " " + config;
                    checkRound(set, plan, config, busy, context);
                    LatencyPlan free = planner.planRound(set, round, start);
                    assertThat(plan.jobs().size() + plan.droppedForBandwidth()).as(context)
                            .isEqualTo(free.jobs().size());
                    assertThat(free.movedForBandwidth() + free.droppedForBandwidth()).isZero();
                    set = TestClusters.churn(rnd, set, 10_000 + step * 10);
                }
            }
        }
    }

    private static BusyWindows randomBusy(Random rnd, TargetSet set, Instant start, PlanConfig config) {
        Map<String, List<Window>> windows = new HashMap<>();
        long round = config.roundInterval().toMillis();
        for (String node : set.measurableNodes()) {
            if (rnd.nextInt(4) == 0) {
                long from = rnd.nextInt((int) round) - round / 4;
                long length = 1 + rnd.nextInt((int) round / 2);
                windows.put(node, List.of(new Window(start.plusMillis(from), start.plusMillis(from + length))));
            }
        }
        return BusyWindows.of(windows);
    }

    static void checkRound(TargetSet set, LatencyPlan plan, PlanConfig config, BusyWindows busy, String context) {
        PlanChecks.jobsAreSound(set, plan.jobs());
        long jobMillis = config.latencyJobMillis();
        Instant windowEnd = plan.roundStart().plusMillis(config.latencyWindowMillis());
        Instant roundEnd = plan.roundStart().plus(config.roundInterval());
        Map<String, Set<String>> peersBySource = new HashMap<>();
        Map<String, List<PlannedJob>> bySource = new HashMap<>();
        Map<String, List<PlannedJob>> byPair = new LinkedHashMap<>();
        for (PlannedJob job : plan.jobs()) {
            assertThat(job.kind()).isEqualTo(JobKind.LATENCY);
            assertThat(job.sequence()).isEqualTo(plan.round());
            assertThat(job.startNotBefore()).as(context).isAfterOrEqualTo(plan.roundStart());
            assertThat(job.startNotBefore().plusMillis(jobMillis)).as(context).isBeforeOrEqualTo(windowEnd);
            assertThat(job.deadline()).isEqualTo(job.startNotBefore().plusMillis(jobMillis).plus(config.deadlineGrace()));
            assertThat(job.deadline()).as(context).isBeforeOrEqualTo(roundEnd);
            Instant end = job.startNotBefore().plusMillis(jobMillis);
            assertThat(busy.overlaps(job.sourceNode(), job.startNotBefore(), end)).as(context).isFalse();
            assertThat(busy.overlaps(job.peerNode(), job.startNotBefore(), end)).as(context).isFalse();
            peersBySource.computeIfAbsent(job.sourceNode(), s -> new HashSet<>()).add(job.peerNode());
            bySource.computeIfAbsent(job.sourceNode(), s -> new ArrayList<>()).add(job);
            byPair.computeIfAbsent(job.sourceNode() + ">" + job.peerNode(), p -> new ArrayList<>()).add(job);
        }
        peersBySource.values().forEach(peers -> assertThat(peers.size()).isLessThanOrEqualTo(config.peersPerRound()));
        // a node's own jobs never overlap: they run one after another
        for (List<PlannedJob> jobs : bySource.values()) {
            jobs.sort(Comparator.comparing(PlannedJob::startNotBefore));
            for (int i = 1; i < jobs.size(); i++) {
                assertThat(jobs.get(i).startNotBefore())
                        .isAfterOrEqualTo(jobs.get(i - 1).startNotBefore().plusMillis(jobMillis));
            }
        }
        // a pair gets every path it has, back to back, in the fixed order
        for (List<PlannedJob> pair : byPair.values()) {
            PlannedJob first = pair.get(0);
            assertThat(pair.stream().map(PlannedJob::path).toList())
                    .isEqualTo(PlanChecks.expectedPaths(set, first.sourceNode(), first.peerNode()));
            for (int m = 1; m < pair.size(); m++) {
                assertThat(pair.get(m).startNotBefore())
                        .isEqualTo(pair.get(m - 1).startNotBefore().plusMillis(jobMillis));
            }
        }
        assertThat(plan.pairsPlanned()).isEqualTo(byPair.size());
    }

    @ParameterizedTest(name = "{0} nodes, k={1}, zone-aware={2}")
    @CsvSource({"2,1,false", "3,1,false", "5,2,false", "8,3,false", "17,3,false", "64,5,false", "101,3,false",
        "200,2,false", "200,3,true", "101,4,true"})
    void stableMembershipCoversEveryOrderedPairInTheStatedRoundsAndNotBefore(int n, int k, boolean zoneAware) {
        PlanConfig config = PlanConfig.builder().roundInterval(Duration.ofMinutes(3)).peersPerRound(k).zoneAware(zoneAware).build();
        LatencyPlanner planner = new LatencyPlanner(config);
        TargetSet set = TestClusters.healthy("c", n, 4);
        int rounds = planner.roundsToFullCoverage(set);
        long r0 = new Random(n * 31L + k).nextInt(1_000_000);
        BitSet covered = new BitSet(n * n);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(set.measurableNodes().get(i), i);
        }
        for (int r = 0; r < rounds; r++) {
            if (r == rounds - 1 && rounds > 1) {
                assertThat(covered.cardinality()).as("covered before the last stated round").isLessThan(n * (n - 1));
            }
            for (PlannedJob job : planner.planRound(set, r0 + r, T0).jobs()) {
                covered.set(index.get(job.sourceNode()) * n + index.get(job.peerNode()));
            }
        }
        assertThat(covered.cardinality()).isEqualTo(n * (n - 1));
    }

    @ParameterizedTest(name = "{0} nodes, k={1}, zone-aware={2}")
    @CsvSource({"1000,3,false", "1000,3,true", "1000,7,false", "997,5,true"})
    void rotationCoversAThousandNodesInTheStatedRounds(int n, int k, boolean zoneAware) {
        PlanConfig config = PlanConfig.builder().roundInterval(Duration.ofMinutes(3)).peersPerRound(k).zoneAware(zoneAware).build();
        TargetSet set = TestClusters.healthy("c", n, 7);
        PeerRotation rotation = PeerRotation.of(set, config);
        int rounds = rotation.roundsToFullCoverage();
        assertThat(rounds).isEqualTo((n - 2) / (zoneAware ? k - 1 : k) + 1);
        BitSet covered = new BitSet(n * n);
        int[] peers = new int[rotation.maxPeers()];
        long r0 = 123_456;
        for (long r = r0; r < r0 + rounds; r++) {
            for (int i = 0; i < n; i++) {
                int count = rotation.peers(i, r, peers);
                assertThat(count).isLessThanOrEqualTo(k);
                for (int p = 0; p < count; p++) {
                    assertThat(peers[p]).isNotEqualTo(i);
                    covered.set(i * n + peers[p]);
                }
            }
        }
        assertThat(covered.cardinality()).isEqualTo(n * (n - 1));
    }

    @Test
    void randomClustersWithStableMembershipCoverEveryMeasurablePair() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            TargetSet set = TestClusters.random(rnd, "c", 2 + rnd.nextInt(60));
            PlanConfig config = randomConfig(rnd);
            LatencyPlanner planner = new LatencyPlanner(config);
            Set<String> planned = new HashSet<>();
            long r0 = rnd.nextInt(1000);
            for (long r = r0; r < r0 + planner.roundsToFullCoverage(set); r++) {
                planner.planRound(set, r, T0).jobs().forEach(j -> planned.add(j.sourceNode() + ">" + j.peerNode()));
            }
            for (String a : set.measurableNodes()) {
                for (String b : set.measurableNodes()) {
                    if (!a.equals(b) && !PlanChecks.expectedPaths(set, a, b).isEmpty()) {
                        assertThat(planned).as("trial %d, %s", trial, config).contains(a + ">" + b);
                    }
                }
            }
        }
    }

    @Test
    void startsAreSpreadOverTheRoundNotFiredInOneBurst() {
        PlanConfig config = PlanConfig.defaults();
        TargetSet set = TestClusters.healthy("c", 400, 3);
        LatencyPlan plan = new LatencyPlanner(config).planRound(set, 99, T0);
        long[] firstStarts = plan.jobs().stream()
                .collect(java.util.stream.Collectors.toMap(PlannedJob::sourceNode,
                        j -> j.startNotBefore().toEpochMilli() - T0.toEpochMilli(), Math::min))
                .values().stream().mapToLong(Long::longValue).sorted().toArray();
        long slack = config.latencyWindowMillis() - 9 * config.latencyJobMillis();
        // 400 nodes over 10 equal buckets of the start range: each bucket gets between 20 and 60
        int[] buckets = new int[10];
        for (long s : firstStarts) {
            buckets[(int) Math.min(9, s * 10 / (slack + 1))]++;
        }
        for (int bucket : buckets) {
            assertThat(bucket).as("starts per tenth of the range: %s", java.util.Arrays.toString(buckets))
                    .isBetween(20, 60);
        }
    }
}
