package io.meshperf.kafka.embedded;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * A logback turbo filter that drops the WARN lines Kafka logs on every normal start, stop and
 * restart of a single-node embedded broker, so that a WARN in a test log means something. Each
 * entry names the logger, a fragment of the message and why it is harmless. ERROR is never
 * dropped, nor is a WARN with another message. Runs on whichever thread logs; stateless.
 *
 * <p>Used from {@code io/meshperf/kafka/embedded/logback-kafka-quiet.xml}; needs logback-classic
 * on the class path (an optional dependency of this module).
 */
public final class KnownKafkaWarningsFilter extends TurboFilter {

    /** One expected warning: matched by logger name and a fragment of its message format. */
    record KnownWarning(String logger, String fragment, String why) {
    }

    static final List<KnownWarning> KNOWN = List.of(
            new KnownWarning("org.apache.kafka.controller.QuorumController", "Performing controller activation",
                    "logged at WARN by design each time the only controller becomes active, on every start"),
            new KnownWarning("org.apache.kafka.clients.NetworkClient",
                    "Attempting to close NetworkClient that has already been closed",
                    "the broker's controller channels are closed twice during a normal shutdown"),
            new KnownWarning("org.apache.kafka.common.utils.internals.AppInfoParser", "Error registering AppInfo mbean",
                    "a second broker or client with the same id in one JVM cannot register the same JMX name;"
                            + " only the JMX view is affected"));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level != Level.WARN || format == null || logger == null) {
            return FilterReply.NEUTRAL;
        }
        return isKnown(logger.getName(), format) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean isKnown(String loggerName, String message) {
        for (KnownWarning known : KNOWN) {
            if (known.logger().equals(loggerName) && message.contains(known.fragment())) {
                return true;
            }
        }
        return false;
    }
}
