package io.meshperf.coordinator.discovery;

/** Argument checks shared by the discovery value types; each failure names the offending field. */
final class Require {
    private Require() {
    }

    static String nonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, got " + quote(value));
        }
        return value;
    }

    static String notNull(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null (use \"\" when unknown)");
        }
        return value;
    }

    /** A name that becomes one segment of an agent id or job id: no '/', no whitespace. */
    static String segment(String value, String field) {
        nonBlank(value, field);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || Character.isWhitespace(c)) {
                throw new IllegalArgumentException(
                        field + " must not contain '/' or whitespace, got " + quote(value));
            }
        }
        return value;
    }

    static int port(int port, String field) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(field + " must be a TCP port in 1..65535, got " + port);
        }
        return port;
    }

    static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
