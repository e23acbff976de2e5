package io.meshperf.coordinator.service;

import io.meshperf.coordinator.planning.SlotId;
import io.meshperf.coordinator.publishing.Checkpoint;
import io.meshperf.schemas.MeasurementJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Views of the jobs on the jobs topic, grouped the way the checks need them. */
final class Published {

    private Published() {
    }

    /** Bandwidth jobs by slot number, in slot order. */
    static TreeMap<Long, List<MeasurementJob>> slots(List<MeasurementJob> jobs) {
        TreeMap<Long, List<MeasurementJob>> bySlot = new TreeMap<>();
        for (MeasurementJob j : jobs) {
            if (j.getSlot() != null) {
                bySlot.computeIfAbsent(j.getSlot(), s -> new ArrayList<>()).add(j);
            }
        }
        return bySlot;
    }

    /** Latency jobs by round, in round order. */
    static TreeMap<Long, List<MeasurementJob>> rounds(List<MeasurementJob> jobs) {
        TreeMap<Long, List<MeasurementJob>> byRound = new TreeMap<>();
        for (MeasurementJob j : jobs) {
            if (j.getRound() != null) {
                byRound.computeIfAbsent(j.getRound(), s -> new ArrayList<>()).add(j);
            }
        }
        return byRound;
    }

    /** The one instant a group of jobs was issued at; fails if they were issued at several (published twice). */
    static Instant issuedOnce(List<MeasurementJob> group) {
        Set<Instant> issued = new HashSet<>();
        group.forEach(j -> issued.add(j.getIssuedAt()));
        if (issued.size() != 1) {
            throw new AssertionError("jobs " + group.get(0).getJobId() + "... were issued at " + issued);
        }
        return issued.iterator().next();
    }

    /** The latest deadline of a group of jobs. */
    static Instant lastDeadline(List<MeasurementJob> group) {
        return group.stream().map(MeasurementJob::getDeadline).max(Instant::compareTo).orElseThrow();
    }

    /**
     * Fails unless the checkpoints, in the order they were written, show every round and every slot
     * published exactly once: round numbers go up by one with a single start each, and each slot is
     * followed by the next slot of its cycle or slot 0 of the next cycle, with a single deadline.
     */
    static void eachRoundAndSlotOnce(List<Checkpoint> checkpoints) {
        long round = -1;
        Instant roundStart = null;
        SlotId slot = null;
        Instant slotDeadline = null;
        for (Checkpoint cp : checkpoints) {
            if (cp.round() != round) {
                if (cp.round() != round + 1) {
                    throw new AssertionError("round " + cp.round() + " follows round " + round + " in " + cp);
                }
                round = cp.round();
                roundStart = cp.roundStart();
            } else if (!Objects.equals(cp.roundStart(), roundStart)) {
                throw new AssertionError("round " + round + " published again at " + cp.roundStart() + " in " + cp);
            }
            if (!Objects.equals(cp.slot(), slot)) {
                if (slot != null && !cp.slot().equals(new SlotId(slot.cycle(), slot.index() + 1))
                        && !cp.slot().equals(new SlotId(slot.cycle() + 1, 0))) {
                    throw new AssertionError("slot " + cp.slot() + " follows slot " + slot + " in " + cp);
                }
                slot = cp.slot();
                slotDeadline = cp.slotDeadline();
            } else if (!Objects.equals(cp.slotDeadline(), slotDeadline)) {
                throw new AssertionError("slot " + slot + " published again with deadline " + cp.slotDeadline());
            }
        }
    }

    /** Fails if a node is in two bandwidth jobs of one slot (as client or server) between different pairs. */
    static void noNodeTwiceIn(List<MeasurementJob> slot) {
        Map<String, String> pairOf = new TreeMap<>();
        for (MeasurementJob j : slot) {
            String pair = j.getSource().getNode() + ">" + j.getTarget().getNode();
            for (String node : List.of(j.getSource().getNode(), j.getTarget().getNode())) {
                String before = pairOf.putIfAbsent(node, pair);
                if (before != null && !before.equals(pair)) {
                    throw new AssertionError("node " + node + " is in " + before + " and " + pair + " in slot "
                            + j.getSlot());
                }
            }
        }
    }
}
