package io.meshperf.coordinator.publishing;

import io.meshperf.coordinator.planning.SlotId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where publishing stands for one cluster, written to the compacted state topic in the same Kafka
 * transaction as the jobs and stand-in results it describes, so the topic never says more or less
 * than what was really published. A new leader reads it to continue: the next latency round, the
 * next bandwidth slot, and from when to read back jobs that may still be open.
 *
 * <p>Stored as a small JSON document rather than Avro: it is the coordinator's private bookmark,
 * read only by coordinators, not part of the contract between components. Immutable.
 *
 * @param cluster the cluster, also the record key
 * @param round the last latency round published, -1 before the first
 * @param roundStart when that round started (null before the first)
 * @param slot the last bandwidth slot published (null before the first)
 * @param slotCount slots in that slot's cycle
 * @param slotDeadline that slot's deadline: every job in it is over by then
 * @param slotPause the duty-cycle pause owed after that slot
 * @param openSince when the oldest job still open was issued; jobs from here on are read back
 * @param writtenBy the replica that wrote it
 * @param writtenAt when it was written, by the writer's clock
 */
public record Checkpoint(String cluster, long round, Instant roundStart, SlotId slot, int slotCount,
                         Instant slotDeadline, Duration slotPause, Instant openSince, String writtenBy,
                         Instant writtenAt) {

    /** Format version inside the JSON, so a later coordinator can tell an older bookmark. */
    static final int VERSION = 1;

    public Checkpoint {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(openSince, "openSince");
        Objects.requireNonNull(writtenBy, "writtenBy");
        Objects.requireNonNull(writtenAt, "writtenAt");
        if (round >= 0 && roundStart == null) {
            throw new IllegalArgumentException("round " + round + " needs its start");
        }
        if (slot != null && (slotDeadline == null || slotPause == null || slotCount <= slot.index())) {
            throw new IllegalArgumentException("slot " + slot + " needs its deadline, its pause and a slot count above"
                    + " its index, got " + slotDeadline + ", " + slotPause + ", " + slotCount);
        }
    }

    /** The checkpoint of a cluster where nothing was published yet. */
    public static Checkpoint initial(String cluster, String writtenBy, Instant now) {
        return new Checkpoint(cluster, -1, null, null, 0, null, null, now, writtenBy, now);
    }

    /** UTF-8 JSON. */
    public byte[] encode() {
        JsonObject json = new JsonObject()
                .put("version", VERSION)
                .put("cluster", cluster)
                .put("round", round)
                .put("roundStartMs", roundStart == null ? null : roundStart.toEpochMilli())
                .put("slotNumber", slot == null ? null : slot.number())
                .put("slotCount", slotCount)
                .put("slotDeadlineMs", slotDeadline == null ? null : slotDeadline.toEpochMilli())
                .put("slotPauseMs", slotPause == null ? null : slotPause.toMillis())
                .put("openSinceMs", openSince.toEpochMilli())
                .put("writtenBy", writtenBy)
                .put("writtenAtMs", writtenAt.toEpochMilli());
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException saying what is wrong with the bytes
     */
    public static Checkpoint decode(byte[] bytes) {
        JsonObject json;
        try {
            json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            throw new IllegalArgumentException("checkpoint is not JSON: " + e.getMessage(), e);
        }
        Integer version = json.getInteger("version");
        if (version == null || version != VERSION) {
            throw new IllegalArgumentException("checkpoint version " + version + " is not " + VERSION);
        }
        try {
            Long slotNumber = json.getLong("slotNumber");
            return new Checkpoint(json.getString("cluster"), json.getLong("round"), instant(json, "roundStartMs"),
                    slotNumber == null ? null : SlotId.fromNumber(slotNumber), json.getInteger("slotCount"),
                    instant(json, "slotDeadlineMs"),
                    json.getLong("slotPauseMs") == null ? null : Duration.ofMillis(json.getLong("slotPauseMs")),
                    instant(json, "openSinceMs"), json.getString("writtenBy"), instant(json, "writtenAtMs"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("checkpoint has a missing or mistyped field: " + json.encode(), e);
        }
    }

    private static Instant instant(JsonObject json, String field) {
        Long ms = json.getLong(field);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
