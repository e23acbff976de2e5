package io.meshperf.kafka.embedded;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.NotControllerException;
import org.slf4j.Marker;

/**
 * A logback turbo filter that drops the few alarming-looking lines Kafka logs on every normal
 * start, stop or restart of a single-node embedded broker, so that a WARN or ERROR in a test log
 * means something. Each entry names the logger, the level, a fragment of the message, optionally
 * the exception it must carry, and why it is harmless. Anything else passes. Runs on whichever
 * thread logs; stateless.
 *
 * <p>Used from {@code io/meshperf/kafka/embedded/logback-kafka-quiet.xml}; needs logback-classic
 * on the class path (an optional dependency of this module).
 */
public final class KnownKafkaNoiseFilter extends TurboFilter {

    /**
     * One expected line: the logger (its name or a parent's), the level, a fragment of the message
     * format, and an exception type that must appear in its cause chain (null: any or none).
     */
    record Known(String logger, Level level, String fragment, Class<? extends Throwable> cause, String why) {

        boolean matches(String loggerName, Level eventLevel, String message, Throwable thrown) {
            return eventLevel == level
                    && (loggerName.equals(logger) || loggerName.startsWith(logger + "."))
                    && message.contains(fragment)
                    && (cause == null || inCauseChain(thrown, cause));
        }

        private static boolean inCauseChain(Throwable thrown, Class<? extends Throwable> type) {
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final List<Known> KNOWN = List.of(
            new Known("org.apache.kafka.controller.QuorumController", Level.WARN, "Performing controller activation",
                    null, "logged at WARN by design each time the only controller becomes active, on every start"),
            new Known("org.apache.kafka.clients.NetworkClient", Level.WARN,
                    "Attempting to close NetworkClient that has already been closed", null,
                    "the broker's controller channels are closed twice during a normal shutdown"),
            new Known("org.apache.kafka.common.utils.internals.AppInfoParser", Level.WARN,
                    "Error registering AppInfo mbean", null,
                    "a second broker or client with the same id in one JVM cannot register the same JMX name;"
                            + " only the JMX view is affected"),
            new Known("org.apache.kafka.clients", Level.WARN, "clientId=" + ReadinessProbe.CLIENT_ID, null,
                    "the readiness probe's clients retry until the new broker answers (for example NOT_COORDINATOR"
                            + " while the offsets topic loads); if it never does, start() fails with the last error"),
            new Known("kafka.server.ControllerApis", Level.ERROR, "apiKey=CONTROLLER_REGISTRATION",
                    NotControllerException.class,
                    "on a busy machine the node registers its controller before that controller has finished"
                            + " becoming active; ControllerRegistrationManager logs the error code at INFO and"
                            + " retries, and the start goes on normally"));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (format == null || logger == null || level == null || level.toInt() < Level.WARN_INT) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t : lastThrowable(params);
        return isKnown(logger.getName(), level, format, thrown) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean isKnown(String loggerName, Level level, String message, Throwable thrown) {
        for (Known known : KNOWN) {
            if (known.matches(loggerName, level, message, thrown)) {
                return true;
            }
        }
        return false;
    }

    /** SLF4J's convention: a throwable as the last argument is the event's exception. */
    private static Throwable lastThrowable(Object[] params) {
        if (params != null && params.length > 0 && params[params.length - 1] instanceof Throwable thrown) {
            return thrown;
        }
        return null;
    }
}
