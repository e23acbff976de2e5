package io.meshperf.coordinator.planning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When nodes are busy with bandwidth tests: node name to its busy intervals [start, end).
 * A {@link BandwidthSlot} produces one; {@link LatencyPlanner} keeps latency tests out of them.
 *
 * <p>Immutable and thread-safe. Overlapping intervals of one node are allowed (two slots' windows
 * merged, say) and are handled by {@link #firstFree}.
 */
public final class BusyWindows {

    private static final BusyWindows NONE = new BusyWindows(Map.of());

    /** Per node, interval starts and ends in epoch millis, sorted by start. */
    private final Map<String, long[][]> byNode;

    private BusyWindows(Map<String, long[][]> byNode) {
        this.byNode = byNode;
    }

    public static BusyWindows none() {
        return NONE;
    }

    public static BusyWindows of(Map<String, List<Window>> windows) {
        Objects.requireNonNull(windows, "windows");
        Map<String, long[][]> byNode = new HashMap<>(windows.size() * 2);
        windows.forEach((node, list) -> {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(list, "windows of node " + node);
            if (list.isEmpty()) {
                return;
            }
            List<Window> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing(Window::start));
            long[][] intervals = new long[sorted.size()][];
            for (int i = 0; i < intervals.length; i++) {
                intervals[i] = new long[] {sorted.get(i).start().toEpochMilli(), sorted.get(i).end().toEpochMilli()};
            }
            byNode.put(node, intervals);
        });
        return byNode.isEmpty() ? NONE : new BusyWindows(Map.copyOf(byNode));
    }

    /** These windows plus {@code other}'s, e.g. the running slot and the next one. */
    public BusyWindows and(BusyWindows other) {
        if (other.byNode.isEmpty()) {
            return this;
        }
        if (byNode.isEmpty()) {
            return other;
        }
        Map<String, List<Window>> merged = new HashMap<>();
        for (BusyWindows source : List.of(this, other)) {
            for (String node : source.nodes()) {
                merged.computeIfAbsent(node, n -> new ArrayList<>()).addAll(source.windows(node));
            }
        }
        return of(merged);
    }

    /** The nodes that have at least one busy interval. */
    public Set<String> nodes() {
        return byNode.keySet();
    }

    /** The busy intervals of one node, sorted by start; empty when it is free. */
    public List<Window> windows(String node) {
        long[][] intervals = byNode.get(node);
        if (intervals == null) {
            return List.of();
        }
        List<Window> list = new ArrayList<>(intervals.length);
        for (long[] w : intervals) {
            list.add(new Window(Instant.ofEpochMilli(w[0]), Instant.ofEpochMilli(w[1])));
        }
        return Collections.unmodifiableList(list);
    }

    /** True when [start, end) meets a busy interval of {@code node}. */
    public boolean overlaps(String node, Instant start, Instant end) {
        return firstFree(node, null, start.toEpochMilli(), end.toEpochMilli() - start.toEpochMilli())
                != start.toEpochMilli();
    }

    /**
     * The earliest start at or after {@code from} at which an interval of {@code length} millis is
     * clear of every busy interval of nodes {@code a} and {@code b} (b may be null).
     */
    long firstFree(String a, String b, long from, long length) {
        long[][] first = byNode.get(a);
        long[][] second = b == null ? null : byNode.get(b);
        if (first == null && second == null) {
            return from;
        }
        long start = from;
        boolean moved = true;
        while (moved) {
            long pushed = pushPast(first, start, length);
            pushed = pushPast(second, pushed, length);
            moved = pushed != start;
            start = pushed;
        }
        return start;
    }

    /** Moves start past every interval it overlaps; intervals are sorted by start. */
    private static long pushPast(long[][] intervals, long start, long length) {
        if (intervals == null) {
            return start;
        }
        long s = start;
        for (long[] w : intervals) {
            if (s < w[1] && w[0] < s + length) {
                s = w[1];
            }
        }
        return s;
    }
}
