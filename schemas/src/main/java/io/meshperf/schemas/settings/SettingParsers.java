package io.meshperf.schemas.settings;

/**
 * Parsers for the setting values every component has (text, whole numbers in a range, durations in
 * milliseconds, Kafka bootstrap lists). Each throws {@link IllegalArgumentException} saying what the
 * value must be; {@link Setting} wraps that message with the setting's names. Pure and thread-safe.
 */
public final class SettingParsers {

    private SettingParsers() {
    }

    /** The text itself, refused when empty. */
    public static String nonBlank(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return s;
    }

    /** A whole number of the {@code int} range. */
    public static int wholeNumber(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public static int intIn(String s, int min, int max) {
        int v = wholeNumber(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException("must be " + min + ".." + max);
        }
        return v;
    }

    /** A whole number from {@code min} to {@code max}, of the {@code long} range. */
    public static long longIn(String s, long min, long max) {
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("must be " + min + ".." + max);
        }
        return v;
    }

    /** A duration in whole milliseconds, at least {@code min}. */
    public static long millis(String s, long min) {
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number of milliseconds");
        }
        if (v < min) {
            throw new IllegalArgumentException("must be at least " + min + " ms");
        }
        return v;
    }

    /** A Kafka bootstrap list, {@code host:port[,host:port...]}; the text itself when every entry is one. */
    public static String hostPorts(String s) {
        for (String part : s.split(",", -1)) {
            String hp = part.strip();
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || colon == hp.length() - 1) {
                throw new IllegalArgumentException("each entry must be host:port, got '" + hp + "'");
            }
            intIn(hp.substring(colon + 1), 1, 65535);
        }
        return s;
    }
}
