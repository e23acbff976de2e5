package io.meshperf.coordinator.query;

import java.time.Instant;
import java.util.List;

/**
 * {@code summary}: a cluster's rows, one per path and test with results in the window. Immutable.
 *
 * @param cluster cluster
 * @param windowSeconds window size
 * @param windowStart window start
 * @param windowEnd window end (exclusive)
 * @param complete whether the window has closed (end + grace passed), so no more results can change it
 * @param excludeBusy whether busy samples were left out
 * @param rows rows ordered by path, then test
 */
public record SummaryView(String cluster, long windowSeconds, Instant windowStart, Instant windowEnd,
                          boolean complete, boolean excludeBusy, List<PathTestSummary> rows) {

    /** Copies the rows. */
    public SummaryView {
        rows = List.copyOf(rows);
    }
}
