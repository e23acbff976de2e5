package io.meshperf.lab.network;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a link rate the way {@code tc} writes it ({@code 100mbit}, {@code 1.5gbit}, {@code 800kbit}). Pure. */
public final class Rate {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)bit");

    private Rate() {
    }

    /**
     * The rate in bits per second (k, m and g are powers of 1000, as in tc).
     *
     * @throws IllegalArgumentException naming the text when it is not a rate
     */
    public static long bitsPerSecond(String text) {
        Matcher m = text == null ? null : RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("invalid rate '" + text + "': a number and bit, kbit, mbit or gbit,"
                    + " e.g. 100mbit");
        }
        double factor = switch (m.group(2)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            default -> 1;
        };
        double bits = Double.parseDouble(m.group(1)) * factor;
        if (bits < 8_000 || bits > 1e12) {
            throw new IllegalArgumentException("rate '" + text + "' is outside 8kbit to 1000gbit");
        }
        return Math.round(bits);
    }
}
