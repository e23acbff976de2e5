package io.meshperf.coordinator.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/compare}: the summaries of several clusters over the same window, with their
 * differences from the first.
 *
 * @param clusters at least two distinct cluster names, the first one the baseline
 * @param window window size
 * @param at an instant inside the wanted window, or null for the last complete window
 * @param excludeBusy leave out samples taken on a busy agent
 */
public record CompareQuery(List<String> clusters, Duration window, Instant at, boolean excludeBusy) {

    /** Copies the list. */
    public CompareQuery {
        clusters = List.copyOf(clusters);
    }
}
