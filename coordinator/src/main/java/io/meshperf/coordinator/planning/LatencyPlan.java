package io.meshperf.coordinator.planning;

import java.time.Instant;
import java.util.List;

/**
 * The latency jobs of one round and what the planner had to leave out.
 *
 * @param jobs the jobs, grouped by source node; the paths of one pair are consecutive
 * @param pairsPlanned ordered node pairs with at least one job
 * @param skippedPaths paths left out because an end was missing or unready
 * @param movedForBandwidth jobs whose start was pushed later to clear a node's bandwidth test
 * @param droppedForBandwidth jobs dropped because no clear time was left in the round
 * @param roundsToFullCoverage see {@link LatencyPlanner#roundsToFullCoverage}
 * @param zoneRoundsToCoverage see {@link LatencyPlanner#zoneRoundsToCoverage}
 */
public record LatencyPlan(
        long round,
        Instant roundStart,
        List<PlannedJob> jobs,
        int pairsPlanned,
        int skippedPaths,
        int movedForBandwidth,
        int droppedForBandwidth,
        int roundsToFullCoverage,
        int zoneRoundsToCoverage) {
}
