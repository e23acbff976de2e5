package io.meshperf.coordinator.service;

import io.meshperf.coordinator.planning.LatencyPlan;
import io.meshperf.coordinator.planning.PlannedJob;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many ordered pairs of measurable nodes the latency rounds have planned since the set of
 * measurable nodes last changed: a bit per ordered pair (N = 5,000 takes 3 MB), reset when the
 * membership changes, because the rotation's coverage guarantee holds for stable membership only.
 * Not thread-safe: owned by the coordinator thread.
 */
final class PlanCoverage {

    private List<String> roster = List.of();
    private Map<String, Integer> index = Map.of();
    private BitSet covered = new BitSet();
    private long pairsCovered;
    private int roundsSinceChange;

    /** Starts over when {@code measurable} differs from the nodes counted so far. */
    void membership(List<String> measurable) {
        if (measurable.equals(roster)) {
            return;
        }
        roster = List.copyOf(measurable);
        Map<String, Integer> positions = new HashMap<>(roster.size() * 2);
        for (int i = 0; i < roster.size(); i++) {
            positions.put(roster.get(i), i);
        }
        index = positions;
        covered = new BitSet();
        pairsCovered = 0;
        roundsSinceChange = 0;
    }

    /** Counts the pairs of a published round. */
    void record(LatencyPlan plan) {
        roundsSinceChange++;
        long n = roster.size();
        for (PlannedJob job : plan.jobs()) {
            Integer src = index.get(job.sourceNode());
            Integer dst = index.get(job.peerNode());
            if (src == null || dst == null || src.equals(dst)) {
                continue;
            }
            int bit = (int) (src * n + dst);
            if (!covered.get(bit)) {
                covered.set(bit);
                pairsCovered++;
            }
        }
    }

    long pairsCovered() {
        return pairsCovered;
    }

    long pairsTotal() {
        long n = roster.size();
        return n * (n - 1);
    }

    int roundsSinceChange() {
        return roundsSinceChange;
    }
}
