package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.TargetSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The round-robin tournament of one bandwidth cycle over a fixed roster of nodes (circle method).
 *
 * <p>With N nodes (plus a dummy when N is odd, whose partner sits the slot out: a bye), there are
 * {@link #slotCount()} = N-1 slots for even N and N for odd N. Position 0 stays put and the other
 * positions rotate by one each slot; table t pairs positions t and M-1-t. So within a slot every node
 * is in exactly one match (or a bye), and across the cycle every unordered pair meets exactly once.
 * Direction: at table 0 the fixed node is client in even slots and server in odd ones, elsewhere the
 * lower position is client; on odd cycles every direction is reversed, so consecutive cycles
 * measure each pair both ways.
 *
 * <p>The roster is frozen when the cycle starts; nodes that join later wait for the next cycle, and
 * a slot planned with a newer target set leaves out nodes that have since become unready, so churn
 * only removes matches and never puts a node in two at once. Immutable and thread-safe; each slot's
 * pairings are computed on demand in O(N), so a 5,000-node schedule holds only its roster.
 */
public final class BandwidthSchedule {

    private final String cluster;
    private final long cycle;
    private final List<String> roster;
    private final int positions;
    private final PlanConfig config;

    BandwidthSchedule(String cluster, long cycle, List<String> roster, PlanConfig config) {
        if (cycle < 0) {
            throw new IllegalArgumentException("cycle must not be negative, got " + cycle);
        }
        if (roster.size() > SlotId.MAX_INDEX) {
            throw new IllegalArgumentException("a bandwidth cycle supports at most " + SlotId.MAX_INDEX
                    + " nodes, got " + roster.size());
        }
        this.cluster = cluster;
        this.cycle = cycle;
        this.roster = List.copyOf(roster);
        this.positions = roster.size() % 2 == 0 ? roster.size() : roster.size() + 1;
        this.config = config;
    }

    public long cycle() {
        return cycle;
    }

    /** The nodes in this cycle's tournament, sorted by name. */
    public List<String> roster() {
        return roster;
    }

    /** Slots in the cycle: N-1 for even N, N for odd N, 0 below two nodes. */
    public int slotCount() {
        return roster.size() < 2 ? 0 : positions - 1;
    }

    /** The matches of one slot (byes left out). */
    public List<Pairing> pairings(int slotIndex) {
        checkIndex(slotIndex);
        List<Pairing> pairs = new ArrayList<>(positions / 2);
        boolean reversed = cycle % 2 == 1;
        for (int table = 0; table < positions / 2; table++) {
            int a = player(table, slotIndex);
            int b = player(positions - 1 - table, slotIndex);
            if (a >= roster.size() || b >= roster.size()) {
                continue;
            }
            boolean aIsClient = table != 0 || slotIndex % 2 == 0;
            if (reversed) {
                aIsClient = !aIsClient;
            }
            String first = roster.get(a);
            String second = roster.get(b);
            pairs.add(aIsClient ? new Pairing(first, second) : new Pairing(second, first));
        }
        return pairs;
    }

    /**
     * Plans slot {@code slotIndex} to start at {@code startAt}, against the current target set:
     * every match runs its available paths back to back from {@code startAt}; matches with a node
     * that is no longer measurable are left out.
     */
    public BandwidthSlot planSlot(TargetSet current, int slotIndex, Instant startAt) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(startAt, "startAt");
        if (!current.cluster().equals(cluster)) {
            throw new IllegalArgumentException("schedule is for cluster " + cluster + ", not " + current.cluster());
        }
        checkIndex(slotIndex);
        SlotId slot = new SlotId(cycle, slotIndex);
        long start = startAt.toEpochMilli();
        long jobMillis = config.bandwidthJobMillis();
        long grace = config.deadlineGrace().toMillis();
        List<PlannedJob> jobs = new ArrayList<>(positions / 2 * PlanConfig.PATHS_PER_PAIR);
        Map<String, List<Window>> busy = new HashMap<>(positions * 2);
        long lastEnd = start;
        int skipped = 0;
        for (Pairing pair : pairings(slotIndex)) {
            List<PathLeg> legs = PathLeg.resolve(current, pair.client(), pair.server());
            skipped += PlanConfig.PATHS_PER_PAIR - legs.size();
            if (legs.isEmpty()) {
                continue;
            }
            for (int m = 0; m < legs.size(); m++) {
                PathLeg leg = legs.get(m);
                jobs.add(new PlannedJob(JobIds.bandwidth(cluster, slot, pair.client(), pair.server(), leg.path()),
                        cluster, JobKind.BANDWIDTH, slot.number(), leg.source(), pair.server(), leg.target(),
                        leg.path(), config.bandwidthTestDuration(), leg.mode(),
                        Instant.ofEpochMilli(start + m * jobMillis),
                        Instant.ofEpochMilli(start + (m + 1) * jobMillis + grace)));
            }
            long end = start + legs.size() * jobMillis;
            Window window = new Window(startAt, Instant.ofEpochMilli(end + grace));
            busy.put(pair.client(), List.of(window));
            busy.put(pair.server(), List.of(window));
            lastEnd = Math.max(lastEnd, end);
        }
        Instant expectedEnd = Instant.ofEpochMilli(lastEnd);
        return new BandwidthSlot(slot, slotCount(), startAt, expectedEnd,
                jobs.isEmpty() ? expectedEnd : Instant.ofEpochMilli(lastEnd + grace),
                Collections.unmodifiableList(jobs), BusyWindows.of(busy), skipped,
                config.bandwidthPauseAfter(Duration.ofMillis(lastEnd - start)));
    }

    /** The roster index at a tournament position in a slot; index N is the bye dummy. */
    private int player(int position, int slotIndex) {
        if (position == 0) {
            return 0;
        }
        return 1 + (position - 1 + slotIndex) % (positions - 1);
    }

    private void checkIndex(int slotIndex) {
        if (slotIndex < 0 || slotIndex >= slotCount()) {
            throw new IllegalArgumentException("slot index must be in 0.." + (slotCount() - 1)
                    + " for a cycle of " + roster.size() + " nodes, got " + slotIndex);
        }
    }
}
