package io.meshperf.kafka.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the last {@link EmbeddedKafkaBroker#start()} took.
 *
 * @param serverStartup from the start call until Kafka's {@code startup()} returned (log
 *     directory checks and formatting included)
 * @param readyRoundTrip the readiness probe: create the probe topic if needed, produce one
 *     record, consume it and commit its offset
 * @param toReady from the start call until the broker was ready (the sum of the two, plus
 *     bookkeeping)
 */
public record StartupTimings(Duration serverStartup, Duration readyRoundTrip, Duration toReady) {

    public StartupTimings {
        Objects.requireNonNull(serverStartup, "serverStartup");
        Objects.requireNonNull(readyRoundTrip, "readyRoundTrip");
        Objects.requireNonNull(toReady, "toReady");
    }
}
