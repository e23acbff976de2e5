package io.meshperf.coordinator.query;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/v1/summary}: a cluster's figures per path and test over one window.
 *
 * @param cluster cluster name
 * @param window window size
 * @param at an instant inside the wanted window, or null for the last complete window
 * @param excludeBusy leave out samples taken on a busy agent
 */
public record SummaryQuery(String cluster, Duration window, Instant at, boolean excludeBusy) {
}
