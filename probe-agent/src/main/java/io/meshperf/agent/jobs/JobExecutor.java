package io.meshperf.agent.jobs;

import io.meshperf.agent.engine.client.TestContext;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tests of one job, one after another in the job's order, and turns every outcome into
 * exactly one result per test: waits for the job's start, skips what the deadline no longer allows,
 * bounds each test to end by the deadline ({@link TestBudget}), and records how many peer sessions
 * the agent's own server was serving meanwhile. Runs on the measurement thread and blocks for the
 * tests' time; failures of a test are results, never exceptions.
 */
public final class JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);

    /** Runs one engine test; {@code QperfClient::run} in the agent. Blocks for the test. */
    @FunctionalInterface
    public interface TestRunner {
        TestOutcome run(TestSpec spec, TestContext ctx);
    }

    /** Samples the server's active sessions while a test runs; {@link Sampling#stop()} gives the peak. */
    @FunctionalInterface
    public interface SessionSampler {
        Sampling start();

        /** One sampling in progress. */
        @FunctionalInterface
        interface Sampling {
            int stop();
        }
    }

    /** Waits until an instant of the injected clock; false when the agent is stopping. */
    @FunctionalInterface
    public interface Waiter {
        boolean awaitUntil(Instant when) throws InterruptedException;
    }

    /** How a job ended. */
    public enum Ending {
        /** Every test has a result; the job's results are in {@link JobRun#complete()}'s list. */
        COMPLETED,
        /** Another thread abandoned it and answered for it. */
        ABANDONED,
        /** The agent stopped before its first test; it stays unanswered and runs again after a restart. */
        NOT_STARTED
    }

    private final TestRunner runner;
    private final SessionSampler sessions;
    private final Waiter waiter;
    private final Clock clock;

    public JobExecutor(TestRunner runner, SessionSampler sessions, Waiter waiter, Clock clock) {
        this.runner = runner;
        this.sessions = sessions;
        this.waiter = waiter;
        this.clock = clock;
    }

    /**
     * Runs {@code run}'s job. {@code stopping} is polled between tests: once true, the tests not yet
     * started are answered ERROR "agent stopping".
     *
     * @throws InterruptedException if the thread is interrupted while waiting for the job's start
     */
    public Ending execute(JobRun run, BooleanSupplier stopping) throws InterruptedException {
        MeasurementJob job = run.job();
        Instant taken = clock.instant();
        if (!taken.isBefore(job.getDeadline())) {
            String reason = "deadline " + job.getDeadline() + " passed before the job was taken (now " + taken + ")";
            LOG.info("job {} to {}: SKIPPED, {}", job.getJobId(), job.getTarget().getHost(), reason);
            return finishAll(run, Status.SKIPPED, reason);
        }
        if (taken.isBefore(job.getStartNotBefore()) && !waiter.awaitUntil(job.getStartNotBefore())) {
            return Ending.NOT_STARTED;
        }
        for (TestType test : job.getTests()) {
            if (stopping.getAsBoolean()) {
                // A job that has not begun stays unanswered and runs (or is skipped) after a restart.
                return run.answered() == 0 ? Ending.NOT_STARTED : finishAll(run, Status.ERROR, JobRun.STOPPING);
            }
            if (!run.begin(test) || !run.record(runOne(job, test))) {
                return Ending.ABANDONED;
            }
        }
        return Ending.COMPLETED;
    }

    /** Answers every test not answered yet with {@code status} and {@code reason}. */
    private Ending finishAll(JobRun run, Status status, String reason) {
        List<TestType> tests = run.job().getTests();
        for (int i = run.answered(); i < tests.size(); i++) {
            Instant now = clock.instant();
            if (!run.begin(tests.get(i))
                    || !run.record(Results.failure(run.job(), tests.get(i), now, now, status, reason))) {
                return Ending.ABANDONED;
            }
        }
        return Ending.COMPLETED;
    }

    private MeasurementResult runOne(MeasurementJob job, TestType test) {
        Instant now = clock.instant();
        Optional<TestKind> kind = kindOf(test);
        if (kind.isEmpty()) {
            return Results.failure(job, test, now, now, Status.ERROR, "test type " + test + " is not one this agent runs");
        }
        if (job.getDurationMs() <= 0) {
            return Results.failure(job, test, now, now, Status.ERROR,
                    "durationMs must be positive, got " + job.getDurationMs());
        }
        if (!now.isBefore(job.getDeadline())) {
            return Results.failure(job, test, now, now, Status.SKIPPED,
                    "deadline " + job.getDeadline() + " passed before the test could start (now " + now + ")");
        }
        int timeSec = timeSec(job);
        long remainingMs = job.getDeadline().toEpochMilli() - now.toEpochMilli();
        int wantedTimeoutSec = Math.max(1, (job.getControlTimeoutMs() + 999) / 1000);
        Optional<Integer> timeout = TestBudget.controlTimeoutSec(timeSec, wantedTimeoutSec, remainingMs);
        if (timeout.isEmpty()) {
            return Results.failure(job, test, now, now, Status.SKIPPED, "only " + remainingMs
                    + " ms left before the deadline; a " + timeSec + " s test needs at least "
                    + TestBudget.minimumMs(timeSec) + " ms to be sure to end by it");
        }
        TestSpec spec;
        try {
            spec = TestSpec.builder(kind.get(), job.getTarget().getHost())
                    .port(job.getTarget().getPort())
                    .mode(job.getProtocolMode())
                    .timeSec(timeSec)
                    .msgSize(messageSize(job, test))
                    .timeoutSec(timeout.get())
                    .waitServerSec(timeout.get())
                    .askIdentity(true)
                    .build();
        } catch (IllegalArgumentException e) {
            return Results.failure(job, test, now, now, Status.ERROR, "job cannot run: " + e.getMessage());
        }
        TestContext ctx = new TestContext(job.getJobId(), job.getCluster(), job.getPath(), job.getSource(),
                job.getTarget());
        LOG.debug("job {} {} to {}:{}: starting ({} s, control timeout {} s)", job.getJobId(), test, spec.host(),
                spec.port(), timeSec, timeout.get());
        JobExecutor.SessionSampler.Sampling sampling = sessions.start();
        TestOutcome outcome;
        try {
            outcome = runner.run(spec, ctx);
        } catch (RuntimeException e) {
            sampling.stop();
            // The engine reports failed tests as results; an exception is a defect in it, kept as data too.
            LOG.error("job {} {} to {}: the engine failed", job.getJobId(), test, spec.host(), e);
            Instant end = clock.instant();
            return Results.failure(job, test, now, end, Status.ERROR, "engine failure: " + e);
        }
        int peak = sampling.stop();
        MeasurementResult r = MeasurementResult.newBuilder(outcome.result()).setConcurrentSessions(peak).build();
        LOG.debug("job {} {} to {}: {}{}", job.getJobId(), test, spec.host(), r.getStatus(),
                r.getReason() == null ? "" : " (" + r.getReason() + ")");
        return r;
    }

    /** The engine's test for a job's test type, if this agent runs it. */
    static Optional<TestKind> kindOf(TestType test) {
        return switch (test) {
            case TCP_BW -> Optional.of(TestKind.TCP_BW);
            case TCP_LAT -> Optional.of(TestKind.TCP_LAT);
            case UDP_BW -> Optional.of(TestKind.UDP_BW);
            case UDP_LAT -> Optional.of(TestKind.UDP_LAT);
            default -> Optional.empty();
        };
    }

    /** qperf -t from the job's duration: whole seconds, rounded up, at least 1. */
    static int timeSec(MeasurementJob job) {
        return (int) Math.max(1, (job.getDurationMs() + 999L) / 1000L);
    }

    /** The job's message size, or qperf's default for the test. */
    static int messageSize(MeasurementJob job, TestType test) {
        if (job.getMessageSizeBytes() != null) {
            return job.getMessageSizeBytes();
        }
        return kindOf(test).map(TestKind::defaultMsgSize).orElse(0);
    }
}
