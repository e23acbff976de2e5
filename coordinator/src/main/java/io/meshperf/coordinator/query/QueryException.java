package io.meshperf.coordinator.query;

/**
 * A query that cannot be answered, with the HTTP status that says why and, for bad input, the
 * parameter at fault: 400 for a bad parameter, 404 when there is no data for what was asked, 503
 * when the stores cannot be read right now (a rebalance is moving them).
 */
public final class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String parameter;

    private QueryException(int status, String parameter, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.parameter = parameter;
    }

    /** 400: {@code parameter} is missing or wrong; the message says how. */
    public static QueryException badParameter(String parameter, String message) {
        return new QueryException(400, parameter, message, null);
    }

    /** 404: nothing is known for {@code parameter}'s value. */
    public static QueryException notFound(String parameter, String message) {
        return new QueryException(404, parameter, message, null);
    }

    /** 503: the data exists but cannot be read now. */
    public static QueryException unavailable(String message, Throwable cause) {
        return new QueryException(503, null, message, cause);
    }

    /** HTTP status code. */
    public int status() {
        return status;
    }

    /** The parameter at fault, or null. */
    public String parameter() {
        return parameter;
    }
}
