package io.meshperf.coordinator.query;

import io.meshperf.coordinator.aggregation.Stats;
import io.meshperf.coordinator.aggregation.WindowFigures;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A figure a matrix cell can show, by its query-parameter name, with its unit. */
public enum Figure {
    LATENCY_P50("latency.p50", "ns", f -> stat(f.latencyNs(), Stats::p50)),
    LATENCY_P90("latency.p90", "ns", f -> stat(f.latencyNs(), Stats::p90)),
    LATENCY_P99("latency.p99", "ns", f -> stat(f.latencyNs(), Stats::p99)),
    LATENCY_P999("latency.p999", "ns", f -> stat(f.latencyNs(), Stats::p999)),
    LATENCY_MEAN("latency.mean", "ns", f -> stat(f.latencyNs(), Stats::mean)),
    LATENCY_MAX("latency.max", "ns", f -> stat(f.latencyNs(), Stats::max)),
    BANDWIDTH_P50("bandwidth.p50", "bytes/s", f -> stat(f.bandwidthBytesPerSec(), Stats::p50)),
    BANDWIDTH_MEAN("bandwidth.mean", "bytes/s", f -> stat(f.bandwidthBytesPerSec(), Stats::mean)),
    BANDWIDTH_MIN("bandwidth.min", "bytes/s", f -> stat(f.bandwidthBytesPerSec(), Stats::min)),
    SUCCESS_RATIO("success.ratio", "ratio", WindowFigures::successRatio),
    COUNT("count", "results", f -> (double) f.count()),
    FAILURES("failures", "results", f -> (double) (f.count() - f.okCount())),
    UDP_LOSS("udp.loss", "ratio", WindowFigures::udpLossRatio),
    CPU_COST("cpu.cost", "ns/byte", WindowFigures::cpuCostNsPerByte);

    private final String parameter;
    private final String unit;
    private final Function<WindowFigures, Double> read;

    Figure(String parameter, String unit, Function<WindowFigures, Double> read) {
        this.parameter = parameter;
        this.unit = unit;
        this.read = read;
    }

    /** The name used in {@code figure=}. */
    public String parameter() {
        return parameter;
    }

    /** Unit of the values. */
    public String unit() {
        return unit;
    }

    /** The figure's value, or null when the window has none. */
    public Double of(WindowFigures figures) {
        return read.apply(figures);
    }

    /**
     * The figure named {@code name}.
     *
     * @throws QueryException 400 naming {@code figure} and the names allowed
     */
    public static Figure parse(String name) {
        for (Figure f : values()) {
            if (f.parameter.equals(name)) {
                return f;
            }
        }
        throw QueryException.badParameter("figure", "figure '" + name + "' is not one of "
                + Arrays.stream(values()).map(Figure::parameter).collect(Collectors.joining(", ")));
    }

    private static Double stat(Stats stats, Function<Stats, Double> read) {
        return stats == null ? null : read.apply(stats);
    }
}
