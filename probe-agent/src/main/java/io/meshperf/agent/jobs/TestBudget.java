package io.meshperf.agent.jobs;

import java.util.Optional;

/**
 * Fits one test into the time left before its job's deadline. The engine's client has no way to
 * cancel a test from outside, so the agent bounds it instead: the control timeout (and the time
 * allowed to reach the server) is shrunk until the test's worst case ends by the deadline. Pure.
 *
 * <p>Worst case of one test, from the engine's client: reaching the server (up to the wait), then at
 * most {@value #CONTROL_STEPS} blocking control steps of one control timeout each (data port, data
 * connection, start sync, results, identity), plus the test time and the engine's
 * {@value #END_SLACK_MS} ms end-of-test slack.
 */
public final class TestBudget {

    /** Blocking control exchanges of one test, each bounded by the control timeout. */
    static final int CONTROL_STEPS = 5;
    /** The engine lets a data socket live this long past the test time before closing it. */
    static final long END_SLACK_MS = 200;

    private TestBudget() {
    }

    /**
     * The control timeout, in whole seconds (also used as the time to reach the server), that lets a
     * {@code timeSec} test end within {@code remainingMs}; at most {@code wantedTimeoutSec}, at least 1.
     * Empty when even a 1 s timeout would not fit.
     */
    public static Optional<Integer> controlTimeoutSec(int timeSec, int wantedTimeoutSec, long remainingMs) {
        long spare = remainingMs - timeSec * 1000L - END_SLACK_MS;
        long fit = spare / ((CONTROL_STEPS + 1) * 1000L);
        int t = (int) Math.min(Math.max(1, wantedTimeoutSec), fit);
        return t >= 1 ? Optional.of(t) : Optional.empty();
    }

    /** The least time before the deadline in which a {@code timeSec} test can still run. */
    public static long minimumMs(int timeSec) {
        return timeSec * 1000L + END_SLACK_MS + (CONTROL_STEPS + 1) * 1000L;
    }

    /** Worst-case length of a test with these settings. */
    public static long worstCaseMs(int timeSec, int controlTimeoutSec) {
        return timeSec * 1000L + END_SLACK_MS + (CONTROL_STEPS + 1) * 1000L * controlTimeoutSec;
    }
}
