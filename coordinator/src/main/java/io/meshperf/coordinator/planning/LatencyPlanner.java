package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.TargetSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the latency tests (TCP_LAT then UDP_LAT) of one round.
 *
 * <p>Each measurable node tests a bounded number of peers per round, chosen by the rotation of
 * {@link PeerRotation}, so the work per round grows as N*k instead of N^2, and every ordered pair is
 * covered within {@link #roundsToFullCoverage} rounds while membership is stable. Each pair gets
 * its available paths (NODE_TO_NODE, POD_TO_POD, POD_TO_SERVICE) back to back, so their figures
 * compare. A node's pairs run one after another from a start offset drawn from a deterministic
 * jitter seeded by (cluster, round, node), inside the first {@code jitterFraction} of the round, so
 * the fleet's tests are spread over the round rather than fired in one burst.
 *
 * <p>With the zone-aware option, part of each node's peers go to other zones: every ordered pair of
 * distinct zones is then covered within {@link #zoneRoundsToCoverage} rounds (one round when each
 * zone has at least (Z-1)/zonePeersPerRound measurable nodes), however small k is compared with N.
 *
 * <p>Bandwidth tests win over latency tests: a pair whose slot would overlap a busy window of
 * either node is moved to the first clear time (and later pairs of that node after it); if that
 * leaves the round's window, its jobs are dropped. Both are counted in the {@link LatencyPlan}.
 *
 * <p>Pure: the plan is a function of (target set, round, round start, busy windows, config), with
 * no I/O, clock or threads, so a restarted coordinator replans a round identically. Thread-safe
 * (immutable). Fails only on invalid arguments ({@link IllegalArgumentException}).
 */
public final class LatencyPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyPlanner.class);

    private final PlanConfig config;

    public LatencyPlanner(PlanConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Rounds after which every ordered pair of measurable nodes has been planned (stable membership). */
    public int roundsToFullCoverage(TargetSet targets) {
        return PeerRotation.of(targets, config).roundsToFullCoverage();
    }

    /** Rounds after which every ordered pair of distinct zones has been planned (stable membership). */
    public int zoneRoundsToCoverage(TargetSet targets) {
        return PeerRotation.of(targets, config).zoneRoundsToCoverage();
    }

    /**
     * The round that is running at {@code instant}. Rounds are aligned to the epoch (round r starts at
     * r x roundInterval after 1970-01-01T00:00Z), so the round number alone fixes its start, and a
     * coordinator that finds round r on the topics can replan it exactly. Callers pass their
     * injected clock's instant.
     */
    public long roundAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        long round = Math.floorDiv(instant.toEpochMilli(), config.roundInterval().toMillis());
        if (round < 0) {
            throw new IllegalArgumentException("instant must not be before the epoch, got " + instant);
        }
        return round;
    }

    /** When epoch-aligned round {@code round} starts; see {@link #roundAt}. */
    public Instant roundStart(long round) {
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative, got " + round);
        }
        return Instant.ofEpochMilli(Math.multiplyExact(round, config.roundInterval().toMillis()));
    }

    /**
     * Plans epoch-aligned round {@code round} (starting at {@link #roundStart}), keeping clear of
     * {@code busy}: the plan is then a function of (target set, round, busy windows, config) alone.
     */
    public LatencyPlan planRound(TargetSet targets, long round, BusyWindows busy) {
        return planRound(targets, round, roundStart(round), busy);
    }

    /** Plans a round with no bandwidth test to avoid. */
    public LatencyPlan planRound(TargetSet targets, long round, Instant roundStart) {
        return planRound(targets, round, roundStart, BusyWindows.none());
    }

    /**
     * Plans round {@code round}, which starts at {@code roundStart}, keeping clear of {@code busy}.
     * Every job starts in [roundStart, roundStart + jitterFraction*roundInterval) and its deadline is
     * within the round.
     */
    public LatencyPlan planRound(TargetSet targets, long round, Instant roundStart, BusyWindows busy) {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(roundStart, "roundStart");
        Objects.requireNonNull(busy, "busy");
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative, got " + round);
        }
        PeerRotation rotation = PeerRotation.of(targets, config);
        int n = rotation.size();
        if (n < 2) {
            return new LatencyPlan(round, roundStart, List.of(), 0, 0, 0, 0, 0, 0);
        }
        RoundBuilder builder = new RoundBuilder(targets, rotation, round, roundStart, busy);
        for (int i = 0; i < n; i++) {
            builder.planNode(i);
        }
        LatencyPlan plan = builder.result();
        LOG.debug("Latency round {} of {}: {} jobs, {} pairs, {} paths skipped, {} moved and {} dropped for bandwidth",
                round, targets.cluster(), plan.jobs().size(), plan.pairsPlanned(), plan.skippedPaths(),
                plan.movedForBandwidth(), plan.droppedForBandwidth());
        return plan;
    }

    /** The mutable state of planning one round; confined to the calling thread. */
    private final class RoundBuilder {
        private final TargetSet targets;
        private final PeerRotation rotation;
        private final long round;
        private final Instant roundStart;
        private final long startMillis;
        private final long windowEnd;
        private final BusyWindows busy;
        private final Jitter jitter;
        private final long jobMillis = config.latencyJobMillis();
        private final long graceMillis = config.deadlineGrace().toMillis();
        private final Duration testDuration = config.latencyTestDuration();
        private final int[] peers;
        private final List<PlannedJob> jobs;
        private int pairs;
        private int skipped;
        private int moved;
        private int dropped;

        RoundBuilder(TargetSet targets, PeerRotation rotation, long round, Instant roundStart, BusyWindows busy) {
            this.targets = targets;
            this.rotation = rotation;
            this.round = round;
            this.roundStart = roundStart;
            this.startMillis = roundStart.toEpochMilli();
            this.windowEnd = startMillis + config.latencyWindowMillis();
            this.busy = busy;
            this.jitter = Jitter.forRound(targets.cluster(), round);
            this.peers = new int[rotation.maxPeers()];
            this.jobs = new ArrayList<>(rotation.size() * rotation.maxPeers() * PlanConfig.PATHS_PER_PAIR);
        }

        void planNode(int i) {
            String src = rotation.roster().get(i);
            int count = rotation.peers(i, round, peers);
            String[] dsts = new String[count];
            List<List<PathLeg>> groups = new ArrayList<>(count);
            long sequenceMillis = 0;
            for (int p = 0; p < count; p++) {
                String dst = rotation.roster().get(peers[p]);
                List<PathLeg> legs = PathLeg.resolve(targets, src, dst);
                skipped += PlanConfig.PATHS_PER_PAIR - legs.size();
                if (!legs.isEmpty()) {
                    dsts[groups.size()] = dst;
                    groups.add(legs);
                    sequenceMillis += legs.size() * jobMillis;
                }
            }
            // PlanConfig guarantees 3*k jobs fit in the window, so the slack is never negative.
            long slack = windowEnd - startMillis - sequenceMillis;
            long cursor = startMillis + jitter.offset(src, slack + 1);
            for (int g = 0; g < groups.size(); g++) {
                List<PathLeg> legs = groups.get(g);
                long length = legs.size() * jobMillis;
                long at = busy.firstFree(src, dsts[g], cursor, length);
                if (at + length > windowEnd) {
                    dropped += legs.size();
                    continue;
                }
                if (at != cursor) {
                    moved += legs.size();
                }
                emit(src, dsts[g], legs, at);
                pairs++;
                cursor = at + length;
            }
        }

        private void emit(String src, String dst, List<PathLeg> legs, long at) {
            for (int m = 0; m < legs.size(); m++) {
                PathLeg leg = legs.get(m);
                Instant start = Instant.ofEpochMilli(at + m * jobMillis);
                Instant deadline = Instant.ofEpochMilli(at + (m + 1) * jobMillis + graceMillis);
                jobs.add(new PlannedJob(JobIds.latency(targets.cluster(), round, src, dst, leg.path()),
                        targets.cluster(), JobKind.LATENCY, round, leg.source(), dst, leg.target(), leg.path(),
                        testDuration, leg.mode(), start, deadline));
            }
        }

        LatencyPlan result() {
            return new LatencyPlan(round, roundStart, Collections.unmodifiableList(jobs), pairs, skipped, moved,
                    dropped, rotation.roundsToFullCoverage(), rotation.zoneRoundsToCoverage());
        }
    }
}
