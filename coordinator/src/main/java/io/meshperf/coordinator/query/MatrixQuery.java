package io.meshperf.coordinator.query;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/v1/matrix}: one figure for every ordered node pair of a cluster, path and test,
 * over one window.
 *
 * @param cluster cluster name
 * @param path path
 * @param test test
 * @param window window size
 * @param at an instant inside the wanted window, or null for the last complete window
 * @param figure the figure, or null for the test's headline (latency p50 or bandwidth p50)
 * @param excludeBusy leave out samples taken on a busy agent
 */
public record MatrixQuery(String cluster, Path path, TestType test, Duration window, Instant at, Figure figure,
                          boolean excludeBusy) {
}
