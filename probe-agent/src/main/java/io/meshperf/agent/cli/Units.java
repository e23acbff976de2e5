package io.meshperf.agent.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * qperf's unit scaling and number formatting (sections 10.5 and 10.6 of the protocol notes): the
 * unit is chosen before rounding, rounding is C printf's half-even on the exact binary value, and
 * values keep {@code precision} significant digits below that many integer digits. Pure.
 */
public final class Units {

    /** What a value measures, which decides its units. */
    public enum Kind { BANDWIDTH, RATE, TIME, COST, CPUS, SIZE, COUNT }

    /** A formatted value: the number, its unit (may be empty) and an alternative value or null. */
    public record Formatted(String value, String unit, String alt) {
    }

    private static final String[] BYTES_PER_SEC = {"bytes/sec", "KB/sec", "MB/sec", "GB/sec", "TB/sec"};
    private static final String[] BITS_PER_SEC = {"bits/sec", "Kb/sec", "Mb/sec", "Gb/sec", "Tb/sec"};
    private static final String[] RATE = {"/sec", "K/sec", "M/sec", "G/sec", "T/sec"};
    private static final String[] TIME = {"ns", "us", "ms", "sec"};
    private static final String[] COST = {"ns/GB", "us/GB", "ms/GB", "sec/GB"};
    private static final String[] SIZE = {"bytes", "KB", "MB", "GB", "TB"};
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB"};
    private static final String[] COUNT = {"", "thousand", "million", "billion", "trillion"};

    private final int precision;
    private final boolean unify;
    private final boolean bits;

    /**
     * @param precision qperf's -e (default 3)
     * @param unify     -uu: base units, no scaling, no commas
     * @param bits      -ub: bandwidth in bits
     */
    public Units(int precision, boolean unify, boolean bits) {
        this.precision = precision;
        this.unify = unify;
        this.bits = bits;
    }

    /**
     * Formats {@code v} given in the kind's base quantity: bytes/s, 1/s, seconds, seconds per 10^9
     * bytes, CPU fraction, bytes, or a count.
     */
    public Formatted format(double v, Kind kind) {
        return switch (kind) {
            case BANDWIDTH -> scaled(bits ? v * 8 : v, bits ? BITS_PER_SEC : BYTES_PER_SEC);
            case RATE -> scaled(v, RATE);
            case TIME -> scaled(v * 1e9, TIME);
            case COST -> scaled(v * 1e9, COST);
            case CPUS -> new Formatted(number(v * 100), "% cpus", null);
            case SIZE -> size(v);
            case COUNT -> v < 1e6 || unify ? new Formatted(number(v), "", null) : scaled(v, COUNT);
        };
    }

    private Formatted size(double v) {
        if (!unify && v >= 1024 && v == Math.floor(v) && v < 9.2e18) {
            long q = (long) v;
            if (q % 1024 == 0) {
                q /= 1024;
                int unit = 0;
                boolean ok = true;
                while (q >= 1024 && unit < BINARY.length - 1) {
                    if (q % 1024 != 0) {
                        ok = false;
                        break;
                    }
                    q /= 1024;
                    unit++;
                }
                if (ok) {
                    return new Formatted(number(q), BINARY[unit], number(v));
                }
            }
        }
        return scaled(v, SIZE);
    }

    private Formatted scaled(double v, String[] units) {
        int i = 0;
        if (!unify) {
            while (v >= 1000 && i < units.length - 1) {
                v /= 1000;
                i++;
            }
        }
        return new Formatted(number(v), units[i], null);
    }

    /** qperf's number rule: {@code precision} significant digits, then thousands separators. */
    public String number(double v) {
        BigDecimal exact = new BigDecimal(v);
        String whole = exact.setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        int digits = whole.replace("-", "").length();
        String s = whole;
        if (precision - digits > 0) {
            s = exact.setScale(precision - digits, RoundingMode.HALF_EVEN).toPlainString();
            if (s.indexOf('.') >= 0) {
                s = s.replaceAll("0+$", "");
                if (s.endsWith(".")) {
                    s = s.substring(0, s.length() - 1);
                }
            }
        }
        return unify ? s : commas(s);
    }

    private static String commas(String s) {
        int dot = s.indexOf('.');
        String intPart = dot < 0 ? s : s.substring(0, dot);
        String rest = dot < 0 ? "" : s.substring(dot);
        boolean neg = intPart.startsWith("-");
        if (neg) {
            intPart = intPart.substring(1);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < intPart.length(); i++) {
            if (i > 0 && (intPart.length() - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(intPart.charAt(i));
        }
        return (neg ? "-" : "") + sb + rest;
    }
}
