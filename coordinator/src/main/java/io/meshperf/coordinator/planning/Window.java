package io.meshperf.coordinator.planning;

import java.time.Instant;
import java.util.Objects;

/** A half-open time interval [start, end); start must be before end. */
public record Window(Instant start, Instant end) {

    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window start " + start + " must be before its end " + end);
        }
    }

    /** True when the two intervals share at least one instant. */
    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return otherStart.isBefore(end) && start.isBefore(otherEnd);
    }
}
