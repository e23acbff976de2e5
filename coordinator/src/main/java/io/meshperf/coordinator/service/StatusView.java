package io.meshperf.coordinator.service;

import io.meshperf.coordinator.discovery.TargetSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest picture of the plan, for {@code /api/v1/plan}: written by the coordinator thread as an
 * immutable snapshot, read by the HTTP event loop without locking.
 */
public final class StatusView {

    /** The last latency round this replica published. */
    record Round(long number, Instant start, int jobs, int pairs, int roundsToFullCoverage, int zoneRoundsToCoverage) {
    }

    /** The last bandwidth slot this replica published. */
    record Slot(long cycle, int index, int slotCount, Instant startAt, Instant deadline, int jobs, boolean running,
                int openJobs) {
    }

    /** Everything the view shows; round and slot are null unless this replica leads and has published one. */
    record Snapshot(String cluster, String replica, String role, TargetSet targets, Round round, Slot slot,
                    int openJobs, long pairsCovered, long pairsTotal, int roundsSinceMembershipChange,
                    Instant updatedAt) {
        Snapshot {
            Objects.requireNonNull(targets, "targets");
        }
    }

    private volatile Snapshot current;

    void update(Snapshot snapshot) {
        current = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** True once the coordinator thread has written a first snapshot. */
    public boolean available() {
        return current != null;
    }

    /** The role: FOLLOWING, TAKING_OVER or LEADING; null before the first snapshot. */
    public String role() {
        Snapshot s = current;
        return s == null ? null : s.role();
    }

    /** The plan as JSON; a new object per call. */
    public JsonObject toJson() {
        Snapshot s = current;
        if (s == null) {
            return new JsonObject().put("status", "starting");
        }
        JsonObject targets = new JsonObject()
                .put("nodes", s.targets().nodes().size())
                .put("agents", s.targets().agents().size())
                .put("measurableNodes", new JsonArray(s.targets().measurableNodes()))
                .put("service", s.targets().service().map(svc -> new JsonObject().put("name", svc.name())
                        .put("host", svc.host()).put("port", svc.port()).put("ready", svc.ready())).orElse(null));
        JsonObject json = new JsonObject()
                .put("cluster", s.cluster())
                .put("replica", s.replica())
                .put("role", s.role())
                .put("leader", "LEADING".equals(s.role()))
                .put("targets", targets)
                .put("openJobs", s.openJobs())
                .put("updatedAt", s.updatedAt().toString());
        if (s.round() != null) {
            Round r = s.round();
            json.put("round", new JsonObject().put("number", r.number()).put("start", r.start().toString())
                    .put("jobs", r.jobs()).put("pairs", r.pairs()));
        }
        if (s.slot() != null) {
            Slot sl = s.slot();
            json.put("slot", new JsonObject().put("cycle", sl.cycle()).put("index", sl.index())
                    .put("slotsInCycle", sl.slotCount()).put("startAt", sl.startAt().toString())
                    .put("deadline", sl.deadline().toString()).put("jobs", sl.jobs()).put("running", sl.running())
                    .put("openJobs", sl.openJobs()));
        }
        JsonObject coverage = new JsonObject()
                .put("pairsCovered", s.pairsCovered())
                .put("pairsTotal", s.pairsTotal())
                .put("roundsSinceMembershipChange", s.roundsSinceMembershipChange());
        if (s.round() != null) {
            coverage.put("roundsToFullCoverage", s.round().roundsToFullCoverage())
                    .put("zoneRoundsToCoverage", s.round().zoneRoundsToCoverage())
                    .put("complete", s.pairsTotal() > 0 && s.pairsCovered() == s.pairsTotal());
        }
        json.put("coverage", coverage);
        return json;
    }
}
