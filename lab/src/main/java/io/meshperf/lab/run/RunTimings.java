package io.meshperf.lab.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The coordinator's timings for a lab run of {@code nodes} nodes and {@code durationSec}-second tests:
 * every node measures every other node in each latency round (peers per round = nodes − 1), and the
 * round is the shortest whole second that holds the coordinator's own rule (three paths × two tests ×
 * (duration + overhead) per peer inside the jittered part, the deadline grace in the rest). Pure.
 *
 * @param nodes nodes of the lab
 * @param durationSec length of every test
 * @param roundIntervalMs latency round length
 * @param jitterPercent the part of the round jobs are spread over
 */
record RunTimings(int nodes, int durationSec, long roundIntervalMs, int jitterPercent) {

    /** Per test, on top of its duration: connection set-up, reporting. */
    static final long TEST_OVERHEAD_MS = 1000;
    /** The coordinator's default: room for the agent's per-test bounds. */
    static final long DEADLINE_GRACE_MS = 8000;
    static final int PATHS = 3;
    static final int TESTS_PER_KIND = 2;
    static final int BANDWIDTH_DUTY_CYCLE_PERCENT = 50;

    /**
     * @throws IllegalArgumentException naming the option when nodes is below 2 or the duration below 1
     */
    static RunTimings of(int nodes, int durationSec) {
        if (nodes < 2) {
            throw new IllegalArgumentException("--nodes must be at least 2 (a path needs two ends), got " + nodes);
        }
        if (durationSec < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSec);
        }
        long sequence = sequenceMs(nodes, durationSec);
        long best = Long.MAX_VALUE;
        int bestJitter = 0;
        for (int jitter = 10; jitter <= 90; jitter++) {
            long round = Math.max(ceilDiv(sequence * 100, jitter), ceilDiv(DEADLINE_GRACE_MS * 100, 100 - jitter));
            round = ceilDiv(round, 1000) * 1000;
            if (round < best) {
                best = round;
                bestJitter = jitter;
            }
        }
        return new RunTimings(nodes, durationSec, best, bestJitter);
    }

    /** One node's latency work per round: three paths × two tests × (duration + overhead) per peer. */
    static long sequenceMs(int nodes, int durationSec) {
        return (long) PATHS * (nodes - 1) * TESTS_PER_KIND * (durationSec * 1000L + TEST_OVERHEAD_MS);
    }

    /**
     * The longest a run of {@code rounds} rounds may take before it gives up: a round and a bandwidth
     * slot (every ordered pair's three paths and two tests, one after the other at worst) per round,
     * plus one of each for start-up and a minute for the broker, agents and aggregation.
     */
    Duration patience(int rounds) {
        long slot = (long) nodes * (nodes - 1) * PATHS * TESTS_PER_KIND * (durationSec * 1000L + TEST_OVERHEAD_MS);
        return Duration.ofMillis((rounds + 1L) * (roundIntervalMs + slot) + 60_000);
    }

    /** The coordinator flags these timings set. */
    Map<String, String> coordinatorFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--round-interval-ms", Long.toString(roundIntervalMs));
        flags.put("--jitter-percent", Integer.toString(jitterPercent));
        flags.put("--peers-per-round", Integer.toString(nodes - 1));
        flags.put("--latency-test-duration-ms", Long.toString(durationSec * 1000L));
        flags.put("--bandwidth-test-duration-ms", Long.toString(durationSec * 1000L));
        flags.put("--test-overhead-ms", Long.toString(TEST_OVERHEAD_MS));
        flags.put("--deadline-grace-ms", Long.toString(DEADLINE_GRACE_MS));
        flags.put("--control-timeout-ms", "5000");
        // Half the time measuring bandwidth. Higher starves latency: a round planned while a slot runs
        // must move every pair of the slot's two nodes past the slot's busy window, which a round whose
        // jittered part the sequence exactly fills cannot do, so it drops them (with 3 nodes, every pair);
        // measured at 67 % (16 s slot period, half the 32 s round) every round then fell inside a slot
        // and planned no latency at all, and at 100 % nearly every round did.
        flags.put("--bandwidth-duty-cycle-percent", Integer.toString(BANDWIDTH_DUTY_CYCLE_PERCENT));
        return flags;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
