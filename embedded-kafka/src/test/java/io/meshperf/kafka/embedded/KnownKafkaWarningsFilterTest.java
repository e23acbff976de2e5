package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownKafkaWarningsFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final KnownKafkaWarningsFilter filter = new KnownKafkaWarningsFilter();

    @ParameterizedTest(name = "{1} {0}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            org.apache.kafka.controller.QuorumController | WARN  | [QuorumController id=1] Performing controller activation. {} | DENY
            org.apache.kafka.controller.QuorumController | ERROR | [QuorumController id=1] Performing controller activation. {} | NEUTRAL
            org.apache.kafka.controller.QuorumController | WARN  | [QuorumController id=1] Something else went wrong              | NEUTRAL
            org.apache.kafka.clients.NetworkClient       | WARN  | [x] Attempting to close NetworkClient that has already been closed. | DENY
            org.apache.kafka.clients.NetworkClient       | WARN  | [x] Connection to node 1 could not be established.            | NEUTRAL
            org.apache.kafka.common.utils.internals.AppInfoParser | WARN | Error registering AppInfo mbean                    | DENY
            io.meshperf.Other                            | WARN  | Performing controller activation                              | NEUTRAL
            """)
    void dropsOnlyTheListedWarnings(String loggerName, String level, String message, FilterReply expected) {
        Logger logger = context.getLogger(loggerName);

        assertThat(filter.decide(null, logger, Level.toLevel(level), message, null, null)).isEqualTo(expected);
    }
}
