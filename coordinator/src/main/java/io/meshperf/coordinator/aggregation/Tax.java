package io.meshperf.coordinator.aggregation;

/**
 * What one path costs relative to a baseline path for the same test: the overlay tax (POD_TO_POD
 * against NODE_TO_NODE) or the Service tax (POD_TO_SERVICE against POD_TO_POD). Medians are
 * compared, not means, so a few outliers do not make a tax. Immutable; a field is null when either
 * side lacks the figure.
 *
 * @param bandwidthRatio measured p50 bandwidth / baseline p50 bandwidth (0.5 = halved)
 * @param addedLatencyNs measured p50 latency - baseline p50 latency, nanoseconds
 * @param addedCpuCostNsPerByte measured - baseline (send + receive) CPU cost, ns per byte = sec/GB
 * @param baselineSamples OK samples behind the baseline figures
 * @param measuredSamples OK samples behind the measured figures
 */
public record Tax(Double bandwidthRatio, Double addedLatencyNs, Double addedCpuCostNsPerByte,
                  long baselineSamples, long measuredSamples) {

    /** The tax of {@code measured} over {@code baseline}, or null when they have nothing to compare. */
    public static Tax between(WindowFigures baseline, WindowFigures measured) {
        if (baseline == null || measured == null) {
            return null;
        }
        Double ratio = null;
        if (baseline.bandwidthBytesPerSec() != null && measured.bandwidthBytesPerSec() != null
                && baseline.bandwidthBytesPerSec().p50() > 0) {
            ratio = measured.bandwidthBytesPerSec().p50() / baseline.bandwidthBytesPerSec().p50();
        }
        Double latency = null;
        if (baseline.latencyNs() != null && measured.latencyNs() != null) {
            latency = measured.latencyNs().p50() - baseline.latencyNs().p50();
        }
        Double cost = null;
        if (baseline.cpuCostNsPerByte() != null && measured.cpuCostNsPerByte() != null) {
            cost = measured.cpuCostNsPerByte() - baseline.cpuCostNsPerByte();
        }
        if (ratio == null && latency == null && cost == null) {
            return null;
        }
        long baseSamples = samples(baseline);
        long measuredSamples = samples(measured);
        return new Tax(ratio, latency, cost, baseSamples, measuredSamples);
    }

    private static long samples(WindowFigures figures) {
        if (figures.latencyNs() != null) {
            return figures.latencyNs().count();
        }
        return figures.bandwidthBytesPerSec() != null ? figures.bandwidthBytesPerSec().count() : 0;
    }
}
