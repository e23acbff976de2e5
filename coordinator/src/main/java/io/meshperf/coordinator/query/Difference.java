package io.meshperf.coordinator.query;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;

/**
 * How one cluster differs from the baseline cluster for one path and test. A field is null when
 * either side lacks the figure.
 *
 * @param path path
 * @param test test
 * @param cluster the compared cluster
 * @param baseline the first cluster asked for
 * @param latencyP50DeltaNs cluster p50 latency - baseline p50 latency
 * @param latencyP99DeltaNs cluster p99 latency - baseline p99 latency
 * @param bandwidthP50Ratio cluster p50 bandwidth / baseline p50 bandwidth
 * @param successRatioDelta cluster success ratio - baseline success ratio
 * @param pairsFailingDelta cluster pairs failing - baseline pairs failing
 */
public record Difference(Path path, TestType test, String cluster, String baseline, Double latencyP50DeltaNs,
                         Double latencyP99DeltaNs, Double bandwidthP50Ratio, Double successRatioDelta,
                         Integer pairsFailingDelta) {
}
