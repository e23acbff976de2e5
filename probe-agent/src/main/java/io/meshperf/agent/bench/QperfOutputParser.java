package io.meshperf.agent.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the standard output of a qperf client (stock, or meshperf's qperf command, which prints
 * the same format): a {@code test:} line per test followed by indented {@code name = value unit}
 * lines. The {@code conf} test's text lines are not figures and are skipped. Values are converted back to base units by undoing qperf's unit scaling (steps of 1000,
 * binary sizes in steps of 1024, counts in thousand/million/...), so figures printed with
 * different units compare. Lines it does not understand (warnings, conf strings) are skipped.
 * Pure and stateless.
 */
public final class QperfOutputParser {

    private static final Pattern TEST = Pattern.compile("^([a-z_0-9]+):\\s*$");
    private static final Pattern FIGURE = Pattern.compile(
            "^\\s+([a-z_0-9]+)\\s+=\\s+(-?[0-9][0-9,]*(?:\\.[0-9]+)?)(?: (.*?))?\\s*$");
    private static final Map<String, Double> UNITS = units();

    private QperfOutputParser() {
    }

    /**
     * Parses a whole output.
     *
     * @return one report per test header, in order; a test whose figures are missing (it failed)
     *         has an empty report
     * @throws IllegalArgumentException when a figure has a unit that qperf never prints, naming the line
     */
    public static List<QperfReport> parse(String output) {
        List<QperfReport> reports = new ArrayList<>();
        String test = null;
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Matcher header = TEST.matcher(line);
            if (header.matches()) {
                if (test != null) {
                    reports.add(new QperfReport(test, values));
                }
                test = header.group(1);
                values = new LinkedHashMap<>();
                continue;
            }
            Matcher figure = FIGURE.matcher(line);
            // conf prints text (host names, CPU models), not figures.
            if (test != null && !test.equals("conf") && figure.matches()) {
                String unit = figure.group(3) == null ? "" : stripAlternative(figure.group(3));
                Double scale = UNITS.get(unit);
                if (scale == null) {
                    throw new IllegalArgumentException("unknown unit '" + unit + "' in qperf output line: " + line);
                }
                values.put(figure.group(1), Double.parseDouble(figure.group(2).replace(",", "")) * scale);
            }
        }
        if (test != null) {
            reports.add(new QperfReport(test, values));
        }
        return reports;
    }

    /** Parses a value with its unit, as printed after {@code =}, e.g. {@code 1.35 GB/sec} → 1.35e9. */
    public static double toBase(String value, String unit) {
        Double scale = UNITS.get(unit);
        if (scale == null) {
            throw new IllegalArgumentException("unknown qperf unit '" + unit + "'");
        }
        return Double.parseDouble(value.replace(",", "")) * scale;
    }

    /** "64 KiB (65,536)": the unit is "KiB"; the exact alternative in parentheses is not needed. */
    private static String stripAlternative(String unit) {
        int paren = unit.indexOf(" (");
        return (paren >= 0 ? unit.substring(0, paren) : unit).strip();
    }

    private static Map<String, Double> units() {
        Map<String, Double> units = new LinkedHashMap<>();
        String[] decimal = {"", "K", "M", "G", "T"};
        double scale = 1;
        for (String p : decimal) {
            units.put((p.isEmpty() ? "bytes" : p + "B") + "/sec", scale);
            units.put((p.isEmpty() ? "bits" : p + "b") + "/sec", scale / 8);
            units.put(p + "/sec", scale);
            units.put(p.isEmpty() ? "bytes" : p + "B", scale);
            scale *= 1000;
        }
        String[] time = {"ns", "us", "ms", "sec"};
        scale = 1;
        for (String t : time) {
            units.put(t, scale);
            units.put(t + "/GB", scale);
            scale *= 1000;
        }
        String[] binary = {"KiB", "MiB", "GiB", "TiB"};
        scale = 1024;
        for (String b : binary) {
            units.put(b, scale);
            scale *= 1024;
        }
        units.put("% cpus", 1.0);
        String[] counts = {"", "thousand", "million", "billion", "trillion"};
        scale = 1;
        for (String c : counts) {
            units.put(c, scale);
            scale *= 1000;
        }
        return Map.copyOf(units);
    }
}
