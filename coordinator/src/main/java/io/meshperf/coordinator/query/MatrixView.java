package io.meshperf.coordinator.query;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A heatmap: {@code values.get(i).get(j)} is the figure from {@code sources.get(i)} to
 * {@code destinations.get(j)}, null where the pair has no such figure in the window. Immutable.
 *
 * @param cluster cluster
 * @param path path
 * @param test test
 * @param windowSeconds window size
 * @param windowStart window start
 * @param windowEnd window end (exclusive)
 * @param figure figure name
 * @param unit its unit
 * @param sources row labels, sorted
 * @param destinations column labels, sorted
 * @param values the cells
 */
public record MatrixView(String cluster, Path path, TestType test, long windowSeconds, Instant windowStart,
                         Instant windowEnd, String figure, String unit, List<String> sources,
                         List<String> destinations, List<List<Double>> values) {

    /** Copies the lists (cells may be null). */
    public MatrixView {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        List<List<Double>> rows = new ArrayList<>(values.size());
        for (List<Double> row : values) {
            rows.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        values = Collections.unmodifiableList(rows);
    }
}
