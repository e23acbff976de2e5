package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.TargetSet;
import java.time.Instant;
import java.util.Objects;

/**
 * Plans bandwidth tests (TCP_BW then UDP_BW) one slot at a time, as a round-robin tournament
 * ({@link BandwidthSchedule}): no node is ever in two bandwidth tests at once, every unordered pair
 * is measured once per cycle, and directions alternate between cycles. Each match's paths run back
 * to back inside its slot, and the pause after a slot keeps each node's share of time in bandwidth
 * tests at or below {@link PlanConfig#bandwidthDutyCycle()}.
 *
 * <p>Slots are planned one at a time because the next one should start only when the previous one
 * is over (results in or deadline passed) and the duty-cycle pause has elapsed; agents need no
 * synchronised clocks for that. Pure (no I/O, clock or threads), immutable, thread-safe.
 *
 * <p>Caveat: the server of a POD_TO_SERVICE test is whichever backend kube-proxy picks, which the
 * planner cannot reserve; the match's server node is reserved as usual and the result names the
 * backend that really served, so aggregation can flag tests served by a node that was busy.
 */
public final class BandwidthPlanner {

    private final PlanConfig config;

    public BandwidthPlanner(PlanConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The tournament of cycle {@code cycle} over the nodes measurable in {@code targets} now. */
    public BandwidthSchedule schedule(TargetSet targets, long cycle) {
        Objects.requireNonNull(targets, "targets");
        return new BandwidthSchedule(targets.cluster(), cycle, targets.measurableNodes(), config);
    }

    /**
     * Plans one slot with the tournament computed from {@code targets} itself: the same as
     * {@code schedule(targets, cycle).planSlot(targets, slotIndex, startAt)}. A publisher that wants
     * a cycle's pairings to survive membership changes keeps the cycle's {@link BandwidthSchedule}
     * instead and plans each slot from it with the current target set.
     */
    public BandwidthSlot planSlot(TargetSet targets, long cycle, int slotIndex, Instant startAt) {
        return schedule(targets, cycle).planSlot(targets, slotIndex, startAt);
    }

    /** Slots in a cycle over the nodes measurable in {@code targets}: N-1 (even N) or N (odd N). */
    public int slotsPerCycle(TargetSet targets) {
        return schedule(targets, 0).slotCount();
    }
}
