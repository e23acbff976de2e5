package io.meshperf.coordinator.query;

import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns HTTP query parameters into query records, rejecting anything wrong with a
 * {@link QueryException} (400) that names the parameter: unknown or repeated parameters, missing
 * required ones, unknown paths, tests or figures, malformed windows and instants. Pure and
 * thread-safe.
 *
 * <p>Formats: {@code window} as {@code 60s}, {@code 1m}, {@code 1h}, {@code 1d} or ISO-8601
 * ({@code PT1M}); instants as ISO-8601 ({@code 2026-01-01T10:00:00Z}) or epoch milliseconds;
 * {@code excludeBusy} as {@code true} or {@code false}; paths and tests by symbol, any case.
 */
public final class QueryParameters {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private QueryParameters() {
    }

    /** {@code matrix?cluster&path&test[&window][&at][&figure][&excludeBusy]}. */
    public static MatrixQuery matrix(Map<String, List<String>> params) {
        allow(params, "cluster", "path", "test", "window", "at", "figure", "excludeBusy");
        String figure = optional(params, "figure");
        return new MatrixQuery(cluster(required(params, "cluster"), "cluster"),
                symbol(Path.class, "path", required(params, "path")),
                symbol(TestType.class, "test", required(params, "test")),
                window(optional(params, "window")), instant("at", optional(params, "at")),
                figure == null ? null : Figure.parse(figure), excludeBusy(params));
    }

    /** {@code summary?cluster[&window][&at][&excludeBusy]}. */
    public static SummaryQuery summary(Map<String, List<String>> params) {
        allow(params, "cluster", "window", "at", "excludeBusy");
        return new SummaryQuery(cluster(required(params, "cluster"), "cluster"), window(optional(params, "window")),
                instant("at", optional(params, "at")), excludeBusy(params));
    }

    /** {@code pairs/{src}/{dst}?cluster&path&test[&window][&from][&to][&excludeBusy]}. */
    public static PairQuery pair(String src, String dst, Map<String, List<String>> params) {
        allow(params, "cluster", "path", "test", "window", "from", "to", "excludeBusy");
        Instant from = instant("from", optional(params, "from"));
        Instant to = instant("to", optional(params, "to"));
        if (from != null && to != null && from.isAfter(to)) {
            throw QueryException.badParameter("from", "from " + from + " is after to " + to);
        }
        return new PairQuery(cluster(required(params, "cluster"), "cluster"), cluster(src, "src"), destination(dst),
                symbol(Path.class, "path", required(params, "path")),
                symbol(TestType.class, "test", required(params, "test")),
                window(optional(params, "window")), from, to, excludeBusy(params));
    }

    /** {@code compare?clusters=a,b[&window][&at][&excludeBusy]}. */
    public static CompareQuery compare(Map<String, List<String>> params) {
        allow(params, "clusters", "window", "at", "excludeBusy");
        Set<String> clusters = new LinkedHashSet<>();
        for (String name : required(params, "clusters").split(",", -1)) {
            if (!clusters.add(cluster(name.trim(), "clusters"))) {
                throw QueryException.badParameter("clusters", "cluster '" + name.trim() + "' is named twice");
            }
        }
        if (clusters.size() < 2) {
            throw QueryException.badParameter("clusters", "name at least two clusters, comma-separated");
        }
        return new CompareQuery(new ArrayList<>(clusters), window(optional(params, "window")),
                instant("at", optional(params, "at")), excludeBusy(params));
    }

    private static void allow(Map<String, List<String>> params, String... names) {
        List<String> allowed = Arrays.asList(names);
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw QueryException.badParameter(name, "unknown parameter '" + name + "'; this query takes "
                        + String.join(", ", names));
            }
        }
    }

    private static String optional(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw QueryException.badParameter(name, name + " is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    private static String required(Map<String, List<String>> params, String name) {
        String value = optional(params, name);
        if (value == null || value.isEmpty()) {
            throw QueryException.badParameter(name, name + " is required");
        }
        return value;
    }

    private static String cluster(String value, String parameter) {
        if (value == null || value.isEmpty()) {
            throw QueryException.badParameter(parameter, parameter + " must not be empty");
        }
        if (value.indexOf('/') >= 0 || value.chars().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw QueryException.badParameter(parameter, parameter + " '" + value
                    + "' must not contain '/', white space or control characters");
        }
        return value;
    }

    private static String destination(String value) {
        if (value == null || value.isEmpty()) {
            throw QueryException.badParameter("dst", "dst must not be empty");
        }
        for (String part : value.split("/", -1)) {
            cluster(part, "dst");
        }
        return value;
    }

    private static <E extends Enum<E>> E symbol(Class<E> type, String parameter, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value) && !"UNKNOWN".equals(constant.name())) {
                return constant;
            }
        }
        List<String> known = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(n -> !"UNKNOWN".equals(n)).toList();
        throw QueryException.badParameter(parameter, parameter + " '" + value + "' is not one of " + known);
    }

    /** Parses a window size; null stays null (the smallest configured window). */
    static Duration window(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        Duration size;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            size = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                size = Duration.parse(value);
            } catch (DateTimeException e) {
                throw QueryException.badParameter("window", "window '" + value
                        + "' is not a duration like 1m, 1h, 60s or PT1M");
            }
        }
        if (size.isZero() || size.isNegative()) {
            throw QueryException.badParameter("window", "window must be positive, got " + value);
        }
        return size;
    }

    /** Parses an ISO-8601 instant or epoch milliseconds; null stays null. */
    static Instant instant(String parameter, String value) {
        if (value == null) {
            return null;
        }
        try {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeException | NumberFormatException e) {
            throw QueryException.badParameter(parameter, parameter + " '" + value
                    + "' is not an ISO-8601 instant (2026-01-01T10:00:00Z) or epoch milliseconds");
        }
    }

    private static boolean excludeBusy(Map<String, List<String>> params) {
        String value = optional(params, "excludeBusy");
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw QueryException.badParameter("excludeBusy", "excludeBusy must be true or false, got '"
                    + value + "'");
        };
    }
}
