package io.meshperf.coordinator.planning;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the planners need to know besides the target set: one immutable, validated value.
 *
 * <p>Built with {@link #builder()} (every field has a default, see {@link #defaults()}). The
 * constructor rejects a bad value with an {@link IllegalArgumentException} that names the setting,
 * its value and the rule it broke, including rules that tie settings together: a node's worst-case
 * latency sequence (three paths to each of {@code peersPerRound} peers) must fit in the jittered part
 * of the round, and {@code deadlineGrace} must fit in the rest, so that every latency job ends inside
 * its round.
 *
 * @param roundInterval time between latency rounds
 * @param peersPerRound k: how many peers each node tests for latency per round
 * @param latencyTestDuration duration of each latency test (qperf {@code -t})
 * @param bandwidthTestDuration duration of each bandwidth test (qperf {@code -t})
 * @param testOverhead time allowed per test on top of its duration: connection set-up and qperf's
 *     parameter exchange
 * @param bandwidthDutyCycle the fraction of time a node may spend in bandwidth tests, in (0, 1]
 * @param jitterFraction the fraction of a round over which latency tests are spread, in (0, 1];
 *     the remainder is slack so that late jobs still end inside their round
 * @param zoneAware reserve part of each node's peers for other zones, see {@link LatencyPlanner}
 * @param zonePeersPerRound how many of the {@code peersPerRound} go to other zones when zone-aware
 * @param deadlineGrace slack added after a job's expected end before its deadline
 * @param controlTimeout how long one qperf control message may take (qperf {@code -to})
 */
public record PlanConfig(
        Duration roundInterval,
        int peersPerRound,
        Duration latencyTestDuration,
        Duration bandwidthTestDuration,
        Duration testOverhead,
        double bandwidthDutyCycle,
        double jitterFraction,
        boolean zoneAware,
        int zonePeersPerRound,
        Duration deadlineGrace,
        Duration controlTimeout) {

    /** Latency and bandwidth jobs each run two tests (TCP then UDP). */
    static final int TESTS_PER_JOB = 2;
    /** NODE_TO_NODE, POD_TO_POD, POD_TO_SERVICE. */
    static final int PATHS_PER_PAIR = 3;

    public PlanConfig {
        positive(roundInterval, "roundInterval");
        positive(latencyTestDuration, "latencyTestDuration");
        positive(bandwidthTestDuration, "bandwidthTestDuration");
        nonNegative(testOverhead, "testOverhead");
        nonNegative(deadlineGrace, "deadlineGrace");
        positive(controlTimeout, "controlTimeout");
        intMillis(latencyTestDuration, "latencyTestDuration");
        intMillis(bandwidthTestDuration, "bandwidthTestDuration");
        intMillis(controlTimeout, "controlTimeout");
        if (peersPerRound < 1) {
            throw new IllegalArgumentException("peersPerRound must be at least 1, got " + peersPerRound);
        }
        if (!(bandwidthDutyCycle > 0.0 && bandwidthDutyCycle <= 1.0)) {
            throw new IllegalArgumentException("bandwidthDutyCycle must be in (0, 1], got " + bandwidthDutyCycle);
        }
        if (!(jitterFraction > 0.0 && jitterFraction <= 1.0)) {
            throw new IllegalArgumentException("jitterFraction must be in (0, 1], got " + jitterFraction);
        }
        if (zoneAware && (zonePeersPerRound < 1 || zonePeersPerRound >= peersPerRound)) {
            throw new IllegalArgumentException("zonePeersPerRound must be in 1..peersPerRound-1 (peersPerRound="
                    + peersPerRound + ") when zoneAware, got " + zonePeersPerRound);
        }
        if (!zoneAware && zonePeersPerRound < 0) {
            throw new IllegalArgumentException("zonePeersPerRound must not be negative, got " + zonePeersPerRound);
        }
        long window = (long) (roundInterval.toMillis() * jitterFraction);
        long sequence = (long) PATHS_PER_PAIR * peersPerRound
                * jobMillis(latencyTestDuration, testOverhead);
        if (sequence > window) {
            throw new IllegalArgumentException("peersPerRound=" + peersPerRound + " needs " + sequence
                    + " ms per node per round (3 paths x 2 tests x (latencyTestDuration + testOverhead) per peer)"
                    + " but jitterFraction x roundInterval is only " + window + " ms");
        }
        long slack = roundInterval.toMillis() - window;
        if (deadlineGrace.toMillis() > slack) {
            throw new IllegalArgumentException("deadlineGrace=" + deadlineGrace.toMillis()
                    + " ms must fit in the round's slack (1 - jitterFraction) x roundInterval = " + slack + " ms");
        }
    }

    /** The defaults: 60 s rounds, 3 peers, 1 s latency tests, 5 s bandwidth tests, 5 % duty cycle. */
    public static PlanConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this config, to change a few settings. */
    public Builder toBuilder() {
        return new Builder()
                .roundInterval(roundInterval).peersPerRound(peersPerRound)
                .latencyTestDuration(latencyTestDuration).bandwidthTestDuration(bandwidthTestDuration)
                .testOverhead(testOverhead).bandwidthDutyCycle(bandwidthDutyCycle)
                .jitterFraction(jitterFraction).zoneAware(zoneAware).zonePeersPerRound(zonePeersPerRound)
                .deadlineGrace(deadlineGrace).controlTimeout(controlTimeout);
    }

    /** Planned run time of one latency job (both tests), in milliseconds. */
    public long latencyJobMillis() {
        return jobMillis(latencyTestDuration, testOverhead);
    }

    /** Planned run time of one bandwidth job (both tests), in milliseconds. */
    public long bandwidthJobMillis() {
        return jobMillis(bandwidthTestDuration, testOverhead);
    }

    /** The part of each round in which latency jobs run, in milliseconds. */
    public long latencyWindowMillis() {
        return (long) (roundInterval.toMillis() * jitterFraction);
    }

    /** The pause after a bandwidth slot that was busy for {@code busy}: busy x (1/duty - 1). */
    public Duration bandwidthPauseAfter(Duration busy) {
        Objects.requireNonNull(busy, "busy");
        if (busy.isNegative()) {
            throw new IllegalArgumentException("busy must not be negative, got " + busy);
        }
        return Duration.ofMillis(Math.round(busy.toMillis() * (1.0 / bandwidthDutyCycle - 1.0)));
    }

    private static long jobMillis(Duration test, Duration overhead) {
        return TESTS_PER_JOB * (test.toMillis() + overhead.toMillis());
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void nonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    private static void intMillis(Duration value, String name) {
        if (value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + " ms, got " + value);
        }
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private Duration roundInterval = Duration.ofSeconds(60);
        private int peersPerRound = 3;
        private Duration latencyTestDuration = Duration.ofSeconds(1);
        private Duration bandwidthTestDuration = Duration.ofSeconds(5);
        private Duration testOverhead = Duration.ofSeconds(1);
        private double bandwidthDutyCycle = 0.05;
        private double jitterFraction = 0.75;
        private boolean zoneAware;
        private int zonePeersPerRound = 1;
        private Duration deadlineGrace = Duration.ofSeconds(5);
        private Duration controlTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder roundInterval(Duration v) {
            roundInterval = v;
            return this;
        }

        public Builder peersPerRound(int v) {
            peersPerRound = v;
            return this;
        }

        public Builder latencyTestDuration(Duration v) {
            latencyTestDuration = v;
            return this;
        }

        public Builder bandwidthTestDuration(Duration v) {
            bandwidthTestDuration = v;
            return this;
        }

        public Builder testOverhead(Duration v) {
            testOverhead = v;
            return this;
        }

        public Builder bandwidthDutyCycle(double v) {
            bandwidthDutyCycle = v;
            return this;
        }

        public Builder jitterFraction(double v) {
            jitterFraction = v;
            return this;
        }

        public Builder zoneAware(boolean v) {
            zoneAware = v;
            return this;
        }

        public Builder zonePeersPerRound(int v) {
            zonePeersPerRound = v;
            return this;
        }

        public Builder deadlineGrace(Duration v) {
            deadlineGrace = v;
            return this;
        }

        public Builder controlTimeout(Duration v) {
            controlTimeout = v;
            return this;
        }

        public PlanConfig build() {
            return new PlanConfig(roundInterval, peersPerRound, latencyTestDuration, bandwidthTestDuration,
                    testOverhead, bandwidthDutyCycle, jitterFraction, zoneAware, zonePeersPerRound,
                    deadlineGrace, controlTimeout);
        }
    }
}
