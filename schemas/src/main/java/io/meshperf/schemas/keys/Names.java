package io.meshperf.schemas.keys;

import java.util.Arrays;

/** Checks the name segments that ids and keys join with '/'. Pure, thread-safe. */
final class Names {

    private Names() {
    }

    /**
     * Returns {@code value} if it can be one '/'-separated segment: not null or empty, no '/', no
     * white space or control characters (they would make ids ambiguous in logs and keys).
     *
     * @throws IllegalArgumentException naming {@code what} and the value otherwise
     */
    static String segment(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(what + " '" + value + "' must not contain '/'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " '" + value + "' must not contain white space or control"
                        + " characters");
            }
        }
        return value;
    }

    /** Like {@link #segment} but '/' is allowed, as in the last segment of a key ("namespace/name"). */
    static String tail(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (String part : value.split("/", -1)) {
            segment(what + " part", part);
        }
        return value;
    }

    /** Splits {@code key} into exactly {@code parts} pieces on '/', the last one keeping any further '/'. */
    static String[] split(String what, String key, int parts, String format) {
        if (key == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        String[] pieces = key.split("/", parts);
        if (pieces.length != parts) {
            throw new IllegalArgumentException(what + " '" + key + "' is not " + format);
        }
        return pieces;
    }

    /** Parses an enum symbol of a key, naming the allowed symbols when it is not one. */
    static <E extends Enum<E>> E symbol(String what, Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(what + " '" + value + "' is not one of "
                + Arrays.toString(type.getEnumConstants()));
    }
}
