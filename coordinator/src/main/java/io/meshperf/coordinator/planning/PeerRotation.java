package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.TargetSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which peers each node tests for latency in a given round: pure arithmetic over the sorted list of
 * measurable nodes, so the answer depends only on (membership, round, config).
 *
 * <p><b>Rotation.</b> With N nodes and a rotation share of q peers per round, node i tests in round r
 * the peers {@code (i + 1 + ((r*q + j) mod (N-1))) mod N} for j in 0..q-1. The offsets of q
 * consecutive rounds are consecutive integers mod N-1, so any ceil((N-1)/q) consecutive rounds give
 * every node every other node: that is {@link #roundsToFullCoverage()}.
 *
 * <p><b>Zones.</b> When zone-aware (and there are several zones and k < N-1), z of the k peers go to
 * other zones: the node at position p of zone A (of size |A|, with M = Z-1 other zones) takes
 * g = r*|A|*z + p*z + j for j in 0..z-1, zone number g mod M among the other zones, and member
 * (g / M) mod |B| of that zone B. The nodes of A together take |A|*z consecutive values of g per
 * round, so every ordered zone pair (A, B) is covered within ceil(M / (|A|*z)) rounds, and in every
 * single round when |A|*z >= M: that is {@link #zoneRoundsToCoverage()}. A zone pick that repeats a
 * rotation pick is dropped (the zone pair is covered by the rotation pick).
 */
final class PeerRotation {

    private final List<String> roster;
    private final int rotationShare;
    private final int zoneShare;
    private final int[] zoneOf;
    private final int[] positionInZone;
    private final int[][] zoneMembers;

    private PeerRotation(List<String> roster, int rotationShare, int zoneShare, int[] zoneOf,
                         int[] positionInZone, int[][] zoneMembers) {
        this.roster = roster;
        this.rotationShare = rotationShare;
        this.zoneShare = zoneShare;
        this.zoneOf = zoneOf;
        this.positionInZone = positionInZone;
        this.zoneMembers = zoneMembers;
    }

    static PeerRotation of(TargetSet targets, PlanConfig config) {
        List<String> roster = targets.measurableNodes();
        int n = roster.size();
        Map<String, Integer> zoneIndex = new TreeMap<>();
        String[] zoneNames = new String[n];
        for (int i = 0; i < n; i++) {
            zoneNames[i] = targets.node(roster.get(i)).orElseThrow().zone();
            zoneIndex.put(zoneNames[i], 0);
        }
        int z = 0;
        for (Map.Entry<String, Integer> e : zoneIndex.entrySet()) {
            e.setValue(z++);
        }
        int[] zoneOf = new int[n];
        int[] positionInZone = new int[n];
        int[] sizes = new int[zoneIndex.size()];
        for (int i = 0; i < n; i++) {
            zoneOf[i] = zoneIndex.get(zoneNames[i]);
            positionInZone[i] = sizes[zoneOf[i]]++;
        }
        int[][] members = new int[sizes.length][];
        for (int zi = 0; zi < sizes.length; zi++) {
            members[zi] = new int[sizes[zi]];
        }
        for (int i = 0; i < n; i++) {
            members[zoneOf[i]][positionInZone[i]] = i;
        }
        int k = Math.min(config.peersPerRound(), Math.max(n - 1, 0));
        boolean zoneActive = config.zoneAware() && sizes.length > 1 && config.peersPerRound() < n - 1;
        int zoneShare = zoneActive ? config.zonePeersPerRound() : 0;
        return new PeerRotation(roster, k - zoneShare, zoneShare, zoneOf, positionInZone, members);
    }

    List<String> roster() {
        return roster;
    }

    int size() {
        return roster.size();
    }

    int zoneCount() {
        return zoneMembers.length;
    }

    /** Rounds until every ordered pair has been planned, with stable membership; 0 below 2 nodes. */
    int roundsToFullCoverage() {
        int n = roster.size();
        return n < 2 ? 0 : ceilDiv(n - 1, rotationShare);
    }

    /** Rounds until every ordered pair of distinct zones has been planned; 0 with fewer than 2 zones. */
    int zoneRoundsToCoverage() {
        if (zoneMembers.length < 2) {
            return 0;
        }
        if (zoneShare == 0) {
            return roundsToFullCoverage();
        }
        int others = zoneMembers.length - 1;
        int worst = 1;
        for (int[] zone : zoneMembers) {
            worst = Math.max(worst, ceilDiv(others, zone.length * zoneShare));
        }
        return worst;
    }

    /**
     * Fills {@code out} with the roster indexes node {@code i} tests in {@code round} (rotation picks
     * first, then zone picks), all distinct and never i; returns how many.
     */
    int peers(int i, long round, int[] out) {
        int n = roster.size();
        int count = 0;
        for (int j = 0; j < rotationShare; j++) {
            long offset = 1 + Math.floorMod(round * rotationShare + j, (long) (n - 1));
            out[count++] = (int) ((i + offset) % n);
        }
        if (zoneShare > 0) {
            int a = zoneOf[i];
            int others = zoneMembers.length - 1;
            long base = round * zoneMembers[a].length * zoneShare + (long) positionInZone[i] * zoneShare;
            for (int j = 0; j < zoneShare; j++) {
                long g = base + j;
                int b = (int) ((a + 1 + g % others) % zoneMembers.length);
                int[] zone = zoneMembers[b];
                int peer = zone[(int) ((g / others) % zone.length)];
                if (!contains(out, count, peer)) {
                    out[count++] = peer;
                }
            }
        }
        return count;
    }

    int maxPeers() {
        return rotationShare + zoneShare;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
