package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;

/**
 * A record from the results topic after decoding: either a result that can be aggregated, or the
 * original bytes with the reason they cannot. Lives only between two processors of one task;
 * never serialized.
 *
 * @param result the result, null when rejected
 * @param raw the original value bytes (kept for the dead-letter topic)
 * @param reason null when accepted; else a {@code RecordDecodeException.Reason} name,
 *     {@link ResultCheck#INVALID} or {@link ResultCheck#KEY_MISMATCH}
 */
public record Decoded(MeasurementResult result, byte[] raw, String reason) {

    /** True when the record goes to the dead-letter topic. */
    public boolean rejected() {
        return reason != null;
    }
}
