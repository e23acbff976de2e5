package io.meshperf.coordinator.query;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.util.List;

/**
 * {@code pairs/{src}/{dst}}: one pair's windows, oldest first. Immutable.
 *
 * @param cluster cluster
 * @param path path
 * @param test test
 * @param src source node
 * @param dst destination node or Service
 * @param windowSeconds window size
 * @param windows the windows with results
 */
public record PairHistoryView(String cluster, Path path, TestType test, String src, String dst, long windowSeconds,
                              List<PairWindowView> windows) {

    /** Copies the list. */
    public PairHistoryView {
        windows = List.copyOf(windows);
    }
}
