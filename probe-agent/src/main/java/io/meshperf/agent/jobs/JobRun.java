package io.meshperf.agent.jobs;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One job being worked on, shared by the measurement thread (which adds each test's result) and the
 * stopping thread (which may abandon it). Whoever finishes it first owns its final result list, so a
 * job ends in exactly one result per test either way. Thread-safe; never blocks.
 */
public final class JobRun {

    /** Reason of every test an abandoned job did not finish. */
    public static final String STOPPING = "agent stopping";

    private final MeasurementJob job;
    private final long offset;
    private final List<MeasurementResult> results = new ArrayList<>();
    private TestType current;
    private boolean started;
    private boolean finished;

    public JobRun(MeasurementJob job, long offset) {
        this.job = Objects.requireNonNull(job, "job");
        this.offset = offset;
    }

    public MeasurementJob job() {
        return job;
    }

    /** The job's offset in its partition. */
    public long offset() {
        return offset;
    }

    /** Marks {@code test} as running; false if the job was abandoned meanwhile (then run nothing). */
    synchronized boolean begin(TestType test) {
        if (finished) {
            return false;
        }
        started = true;
        current = test;
        return true;
    }

    /** Adds a test's result; false if the job was abandoned meanwhile (then the result is dropped). */
    synchronized boolean record(MeasurementResult result) {
        if (finished) {
            return false;
        }
        results.add(result);
        current = null;
        return true;
    }

    /** Ends the job with the results recorded; empty if someone else ended it first. */
    public synchronized Optional<List<MeasurementResult>> complete() {
        if (finished) {
            return Optional.empty();
        }
        finished = true;
        return Optional.of(List.copyOf(results));
    }

    /**
     * Ends a started job from outside: the results so far plus ERROR "agent stopping" for the test in
     * flight and every test not run. Empty if the job had not started a test (it stays unanswered and
     * runs again after a restart) or was already ended.
     */
    public synchronized Optional<List<MeasurementResult>> abandon(Clock clock) {
        if (finished || !started) {
            return Optional.empty();
        }
        finished = true;
        List<MeasurementResult> all = new ArrayList<>(results);
        List<TestType> tests = job.getTests();
        for (int i = results.size(); i < tests.size(); i++) {
            all.add(Results.failure(job, tests.get(i), clock.instant(), clock.instant(),
                    Status.ERROR, STOPPING));
        }
        return Optional.of(all);
    }

    /** How many tests have a result so far. */
    synchronized int answered() {
        return results.size();
    }

    /** The test running now, if any. */
    public synchronized Optional<TestType> currentTest() {
        return Optional.ofNullable(current);
    }
}
