package io.meshperf.coordinator.query;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/v1/pairs/{src}/{dst}}: one pair's windows over a time range, oldest first.
 *
 * @param cluster cluster name
 * @param src source node
 * @param dst destination node, or the Service ({@code namespace/name}) for POD_TO_SERVICE
 * @param path path
 * @param test test
 * @param window window size
 * @param from earliest window start wanted, or null for one hour (or one window, if longer) before {@code to}
 * @param to latest window start wanted, or null for now
 * @param excludeBusy leave out samples taken on a busy agent
 */
public record PairQuery(String cluster, String src, String dst, Path path, TestType test, Duration window,
                        Instant from, Instant to, boolean excludeBusy) {
}
