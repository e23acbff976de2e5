package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownKafkaNoiseFilterTest {

    private static final String REGISTRATION_ERROR =
            "[ControllerApis nodeId=1] Unexpected error handling request RequestHeader(apiKey=CONTROLLER_REGISTRATION, ...)";

    private final LoggerContext context = new LoggerContext();
    private final KnownKafkaNoiseFilter filter = new KnownKafkaNoiseFilter();

    private FilterReply decide(String loggerName, Level level, String message, Throwable thrown) {
        return filter.decide(null, context.getLogger(loggerName), level, message, null, thrown);
    }

    @ParameterizedTest(name = "{1} {0}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            org.apache.kafka.controller.QuorumController | WARN  | [QuorumController id=1] Performing controller activation. {} | DENY
            org.apache.kafka.controller.QuorumController | ERROR | [QuorumController id=1] Performing controller activation. {} | NEUTRAL
            org.apache.kafka.controller.QuorumController | WARN  | [QuorumController id=1] Something else went wrong              | NEUTRAL
            org.apache.kafka.clients.NetworkClient       | WARN  | [x] Attempting to close NetworkClient that has already been closed. | DENY
            org.apache.kafka.clients.NetworkClient       | WARN  | [x] Connection to node 1 could not be established.            | NEUTRAL
            org.apache.kafka.common.utils.internals.AppInfoParser | WARN | Error registering AppInfo mbean                    | DENY
            org.apache.kafka.clients.consumer.internals.ConsumerCoordinator | WARN | [Consumer clientId=embedded-kafka-readiness-probe, groupId=g] Offset commit failed | DENY
            org.apache.kafka.clients.consumer.internals.ConsumerCoordinator | WARN | [Consumer clientId=app, groupId=g] Offset commit failed | NEUTRAL
            org.apache.kafka.clients.consumer.internals.ConsumerCoordinator | ERROR | [Consumer clientId=embedded-kafka-readiness-probe, groupId=g] failed | NEUTRAL
            io.meshperf.Other                            | WARN  | Performing controller activation                              | NEUTRAL
            """)
    void dropsOnlyTheListedLines(String loggerName, String level, String message, FilterReply expected) {
        assertThat(decide(loggerName, Level.toLevel(level), message, null)).isEqualTo(expected);
    }

    @Test
    void controllerRegistrationRaceIsDroppedOnlyWithNotControllerAsItsCause() {
        Throwable race = new CompletionException(new NotControllerException("The active controller appears to be node 1."));
        Throwable other = new CompletionException(new UnknownServerException("disk full"));

        assertThat(decide("kafka.server.ControllerApis", Level.ERROR, REGISTRATION_ERROR, race))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("kafka.server.ControllerApis", Level.ERROR, REGISTRATION_ERROR, other))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("kafka.server.ControllerApis", Level.ERROR, REGISTRATION_ERROR, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aThrowableGivenAsTheLastArgumentCounts() {
        Throwable race = new CompletionException(new NotControllerException("not yet"));

        assertThat(filter.decide(null, context.getLogger("kafka.server.ControllerApis"), Level.ERROR,
                REGISTRATION_ERROR + " {}", new Object[] {"x", race}, null)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void infoAndDebugAreLeftToTheLoggerLevels() {
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.INFO,
                "Performing controller activation", null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
