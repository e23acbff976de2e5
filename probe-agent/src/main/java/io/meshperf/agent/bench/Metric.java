package io.meshperf.agent.bench;

import java.util.Locale;

/**
 * One row of the fidelity table: a figure of one test, how to show it, and the target meshperf
 * must meet relative to stock qperf on the same path (if any).
 */
public enum Metric {
    TCP_BW("tcp_bw", "bw", Kind.BANDWIDTH, Target.AT_LEAST_95),
    TCP_BW_SEND_CPUS("tcp_bw", "send_cpus_used", Kind.CPUS, Target.NONE),
    TCP_BW_RECV_CPUS("tcp_bw", "recv_cpus_used", Kind.CPUS, Target.NONE),
    TCP_LAT("tcp_lat", "latency", Kind.TIME, Target.AT_MOST_110),
    TCP_LAT_LOC_CPUS("tcp_lat", "loc_cpus_used", Kind.CPUS, Target.NONE),
    TCP_LAT_REM_CPUS("tcp_lat", "rem_cpus_used", Kind.CPUS, Target.NONE),
    UDP_BW_SEND("udp_bw", "send_bw", Kind.BANDWIDTH, Target.NONE),
    UDP_BW_RECV("udp_bw", "recv_bw", Kind.BANDWIDTH, Target.AT_LEAST_95),
    UDP_BW_SEND_CPUS("udp_bw", "send_cpus_used", Kind.CPUS, Target.NONE),
    UDP_BW_RECV_CPUS("udp_bw", "recv_cpus_used", Kind.CPUS, Target.NONE),
    UDP_LAT("udp_lat", "latency", Kind.TIME, Target.AT_MOST_110),
    UDP_LAT_LOC_CPUS("udp_lat", "loc_cpus_used", Kind.CPUS, Target.NONE),
    UDP_LAT_REM_CPUS("udp_lat", "rem_cpus_used", Kind.CPUS, Target.NONE);

    /** How a figure is shown. */
    public enum Kind {
        BANDWIDTH("MB/s", 1e-6, "%.1f"),
        TIME("us", 1e-3, "%.2f"),
        CPUS("%cpu", 1, "%.0f");

        private final String unit;
        private final double fromBase;
        private final String format;

        Kind(String unit, double fromBase, String format) {
            this.unit = unit;
            this.fromBase = fromBase;
            this.format = format;
        }

        /** A base-unit value (bytes/s, ns, percent) in this kind's display unit, without the unit. */
        public String format(double base) {
            return String.format(Locale.ROOT, format, base * fromBase);
        }

        public String unit() {
            return unit;
        }
    }

    /** What the ratio meshperf/qperf must be. */
    public enum Target {
        NONE(Double.NaN, ""),
        AT_LEAST_95(0.95, ">= 0.95"),
        AT_MOST_110(1.10, "<= 1.10");

        private final double bound;
        private final String text;

        Target(double bound, String text) {
            this.bound = bound;
            this.text = text;
        }

        /** True when the target applies and {@code ratio} meets it. */
        public boolean met(double ratio) {
            return switch (this) {
                case NONE -> true;
                case AT_LEAST_95 -> ratio >= bound;
                case AT_MOST_110 -> ratio <= bound;
            };
        }

        public String text() {
            return text;
        }
    }

    private final String test;
    private final String figure;
    private final Kind kind;
    private final Target target;

    Metric(String test, String figure, Kind kind, Target target) {
        this.test = test;
        this.figure = figure;
        this.kind = kind;
        this.target = target;
    }

    public String test() {
        return test;
    }

    public String figure() {
        return figure;
    }

    public Kind kind() {
        return kind;
    }

    public Target target() {
        return target;
    }

    /** The row label, e.g. {@code tcp_bw bw (MB/s)}. */
    public String label() {
        return test + " " + figure + " (" + kind.unit() + ")";
    }
}
