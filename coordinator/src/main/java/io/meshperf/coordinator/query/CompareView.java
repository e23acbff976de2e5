package io.meshperf.coordinator.query;

import java.util.List;

/**
 * {@code compare}: summaries side by side (same window for all), and each cluster's differences from
 * the first. Immutable.
 *
 * @param baseline the first cluster
 * @param summaries one per cluster, in the order asked
 * @param differences for every other cluster, per path and test both have
 */
public record CompareView(String baseline, List<SummaryView> summaries, List<Difference> differences) {

    /** Copies the lists. */
    public CompareView {
        summaries = List.copyOf(summaries);
        differences = List.copyOf(differences);
    }
}
