package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.Tax;
import io.meshperf.coordinator.aggregation.WindowFigures;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.util.List;

/**
 * A cluster's figures for one path and test over one window, from the merged histograms of every
 * pair (exact percentiles, not averages of averages). Immutable.
 *
 * @param path path
 * @param test test
 * @param figures cluster-wide figures
 * @param pairs pairs with results
 * @param pairsFailing pairs with at least one failed attempt
 * @param pairsDown pairs whose every attempt failed
 * @param overlayTax on POD_TO_POD rows: against NODE_TO_NODE for the same test; else null
 * @param serviceTax on POD_TO_SERVICE rows: against POD_TO_POD for the same test; else null
 * @param loadBalancing on POD_TO_SERVICE rows: the split of each Service; else empty
 * @param worstPairs failing pairs first (lowest success ratio), then the slowest
 */
public record PathTestSummary(Path path, TestType test, WindowFigures figures, int pairs, int pairsFailing,
                              int pairsDown, Tax overlayTax, Tax serviceTax, List<ServiceSplit> loadBalancing,
                              List<PairFigure> worstPairs) {

    /** Copies the lists. */
    public PathTestSummary {
        loadBalancing = List.copyOf(loadBalancing);
        worstPairs = List.copyOf(worstPairs);
    }
}
