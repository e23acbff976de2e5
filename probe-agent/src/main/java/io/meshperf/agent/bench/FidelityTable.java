package io.meshperf.agent.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Renders one path's {@link Measurements} side by side: each metric's median per pair, and for each
 * pair other than stock-to-stock its ratio to stock-to-stock, marked {@code ok} or {@code MISS}
 * against the metric's target. Pure.
 */
public final class FidelityTable {

    private static final int LABEL_WIDTH = 30;
    private static final int VALUE_WIDTH = 18;

    private FidelityTable() {
    }

    /**
     * The table and how many targets were checked and missed.
     *
     * @param text the rendered table, one line per metric after a header line, ending in a newline
     * @param checked how many (metric, pair) cells have a target and a value on both sides
     * @param missed how many of those miss their target
     */
    public record Rendered(String text, int checked, int missed) {
    }

    /** Renders {@code measurements} under {@code title}. */
    public static Rendered render(String title, Measurements measurements) {
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(pad("figure", LABEL_WIDTH)).append(pad("target", 9));
        for (Pair pair : Pair.values()) {
            out.append(padLeft(pair.label(), VALUE_WIDTH));
            if (!pair.isBaseline()) {
                out.append(padLeft("ratio", 12));
            }
        }
        out.append('\n');
        int checked = 0;
        int missed = 0;
        for (Metric metric : Metric.values()) {
            out.append(pad(metric.label(), LABEL_WIDTH)).append(pad(metric.target().text(), 9));
            OptionalDouble baseline = measurements.median(Pair.QPERF_TO_QPERF, metric);
            for (Pair pair : Pair.values()) {
                OptionalDouble value = measurements.median(pair, metric);
                out.append(padLeft(value.isPresent() ? metric.kind().format(value.getAsDouble()) : "n/a", VALUE_WIDTH));
                if (pair.isBaseline()) {
                    continue;
                }
                String cell = "";
                if (value.isPresent() && baseline.isPresent() && baseline.getAsDouble() > 0) {
                    double ratio = value.getAsDouble() / baseline.getAsDouble();
                    cell = String.format(Locale.ROOT, "%.2f", ratio);
                    if (metric.target() != Metric.Target.NONE) {
                        checked++;
                        boolean met = metric.target().met(ratio);
                        missed += met ? 0 : 1;
                        cell += met ? " ok  " : " MISS";
                    } else {
                        cell += "     ";
                    }
                } else if (metric.target() != Metric.Target.NONE) {
                    cell = "n/a  MISS";
                    checked++;
                    missed++;
                }
                out.append(padLeft(cell, 12));
            }
            out.append('\n');
        }
        return new Rendered(out.toString(), checked, missed);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return text.length() >= width ? " " + text : " ".repeat(width - text.length()) + text;
    }
}
