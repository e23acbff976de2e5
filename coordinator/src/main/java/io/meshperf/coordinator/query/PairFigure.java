package io.meshperf.coordinator.query;

/**
 * One pair in a summary's list of worst pairs.
 *
 * @param src source node
 * @param dst destination node or Service
 * @param successRatio OK over attempted, null when nothing attempted
 * @param latencyP99Ns 99th percentile latency, null for bandwidth tests
 * @param bandwidthP50BytesPerSec median bandwidth, null for latency tests
 * @param count results
 */
public record PairFigure(String src, String dst, Double successRatio, Double latencyP99Ns,
                         Double bandwidthP50BytesPerSec, long count) {
}
