package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.LoadBalanceSplit;

/**
 * The load-balancing split of one Service over one window, from every source node's tests.
 *
 * @param service the Service ({@code namespace/name})
 * @param split shares, expected shares and the chi-square test
 */
public record ServiceSplit(String service, LoadBalanceSplit split) {
}
