package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.Tax;
import io.meshperf.coordinator.aggregation.WindowFigures;
import java.time.Instant;

/**
 * One window of a pair's history.
 *
 * @param start window start
 * @param end window end (exclusive)
 * @param complete whether the window has closed (end + grace passed)
 * @param figures the pair's figures
 * @param tax for POD_TO_POD, the overlay tax against the same pair's NODE_TO_NODE window; for
 *     POD_TO_SERVICE, the Service tax against the source's POD_TO_POD results to every node; else null
 */
public record PairWindowView(Instant start, Instant end, boolean complete, WindowFigures figures, Tax tax) {
}
