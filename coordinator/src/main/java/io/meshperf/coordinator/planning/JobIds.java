package io.meshperf.coordinator.planning;

import io.meshperf.schemas.Path;

/**
 * Deterministic, unique, readable job ids:
 * {@code <cluster>/lat/r<round>/<src>/<dst>/<path>} and
 * {@code <cluster>/bw/c<cycle>s<slotIndex>/<client>/<server>/<path>}.
 *
 * <p>Unique because cluster and node names contain no '/' (discovery rejects them), a node pair is
 * planned at most once per round or slot, and each pair has at most one job per path. No hashing:
 * an operator can read where a job came from, and a restarted coordinator that replans the same
 * round produces the same ids, so agents and aggregation can drop duplicates.
 */
public final class JobIds {
    private JobIds() {
    }

    public static String latency(String cluster, long round, String src, String dst, Path path) {
        return cluster + "/lat/r" + round + "/" + src + "/" + dst + "/" + path.name();
    }

    public static String bandwidth(String cluster, SlotId slot, String client, String server, Path path) {
        return cluster + "/bw/c" + slot.cycle() + "s" + slot.index() + "/" + client + "/" + server + "/" + path.name();
    }
}
