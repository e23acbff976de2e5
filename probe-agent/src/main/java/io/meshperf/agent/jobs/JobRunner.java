package io.meshperf.agent.jobs;

import io.meshperf.agent.results.PublishException;
import io.meshperf.agent.results.ResultBatch;
import io.meshperf.agent.results.ResultPublisher;
import io.meshperf.schemas.MeasurementResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measurement thread: takes the feed's records in partition order into {@link PendingJobs}, runs
 * one job at a time with the {@link JobExecutor}, choosing among the jobs whose start has come the one
 * with the earliest deadline, and hands each job's results to the {@link ResultPublisher} together
 * with the offset to commit ({@link PendingJobs#commitOffset()}: never past a job still waiting), so a
 * job counts as done only once its results are durable. Records of other agents only move the offset;
 * it is committed with the next batch, or on its own after a wait without work.
 *
 * <p>{@link #stop(Duration)} stops taking records, lets the test in flight finish within the grace,
 * and otherwise abandons the job: the stopping thread answers its unfinished tests ERROR "agent
 * stopping" and publishes them. A job that has not begun a test is left for the next start.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final long IDLE_COMMIT_MS = 1_000;
    /** Jobs taken from the feed and waiting for their start; beyond it the feed's queue holds the rest. */
    static final int HELD_CAPACITY = 256;

    private final BlockingQueue<Work> queue;
    private final JobExecutor executor;
    private final ResultPublisher publisher;
    private final OffsetTracker offsets;
    private final JobListener listener;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch stopLatch = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile JobRun current;
    private volatile String failure;
    private final PendingJobs pending = new PendingJobs(HELD_CAPACITY);

    private JobRunner(BlockingQueue<Work> queue, JobExecutor.TestRunner tests, JobExecutor.SessionSampler sessions,
                      ResultPublisher publisher, OffsetTracker offsets, JobListener listener, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = new JobExecutor(tests, sessions, this::awaitUntil, clock);
        this.thread = new Thread(this::run, "meshperf-agent-measure");
        // Daemon: an abandoned test keeps this thread until the test's own bound, which must not hold the JVM.
        this.thread.setDaemon(true);
    }

    /** A runner taking work from {@code queue}; call {@link #start()} to begin. */
    public static JobRunner create(BlockingQueue<Work> queue, JobExecutor.TestRunner tests,
                                   JobExecutor.SessionSampler sessions, ResultPublisher publisher,
                                   OffsetTracker offsets, JobListener listener, Clock clock) {
        return new JobRunner(queue, tests, sessions, publisher, offsets, listener, clock);
    }

    /** Starts the measurement thread; returns at once. */
    public void start() {
        thread.start();
    }

    /** The job being worked on, if any. */
    public Optional<JobRun> current() {
        return Optional.ofNullable(current);
    }

    /** Why the measurement thread ended on its own (results could not be published), if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try {
            while (!stopping) {
                takeAvailable();
                Optional<Work.Job> due = pending.takeDue(clock.instant());
                if (due.isPresent()) {
                    runJob(due.get());
                    continue;
                }
                long waitMs = pending.nextStart()
                        .map(start -> Math.max(1, Math.min(IDLE_COMMIT_MS, Duration.between(clock.instant(), start)
                                .toMillis())))
                        .orElse(IDLE_COMMIT_MS);
                Work w = null;
                if (!pending.full()) {
                    w = queue.poll(waitMs, TimeUnit.MILLISECONDS);
                } else if (stopLatch.await(waitMs, TimeUnit.MILLISECONDS)) {
                    return;
                }
                if (stopping) {
                    return;
                }
                if (w == null) {
                    commitPassedOver();
                } else {
                    take(w);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PublishException e) {
            if (!stopping) {
                failure = "results cannot be published: " + e.getMessage();
                LOG.error("measurement thread stops: {}", failure, e);
            }
        } catch (RuntimeException e) {
            failure = "measurement thread failed: " + e;
            LOG.error("measurement thread failed", e);
        }
    }

    /** Takes what the feed has handed over so far, without waiting, while there is room to hold jobs. */
    private void takeAvailable() throws PublishException {
        while (!stopping && !pending.full()) {
            Work w = queue.poll();
            if (w == null) {
                return;
            }
            take(w);
        }
    }

    private void take(Work w) throws PublishException {
        if (w instanceof Work.Foreign f) {
            pending.taken(f.offset() + 1);
        } else if (w instanceof Work.Undecodable u) {
            pending.taken(u.offset() + 1);
            publish(new ResultBatch(List.of(), List.of(u.letter()), u.letter().partition(), u.offset() + 1));
            listener.deadLettered(u.letter());
        } else if (w instanceof Work.Job j) {
            pending.hold(j);
        }
    }

    private void runJob(Work.Job j) throws InterruptedException, PublishException {
        JobRun run = new JobRun(j.job(), j.offset());
        current = run;
        listener.jobStarted(run);
        LOG.info("job {} to {}:{}: running {} ({} ms each)", j.job().getJobId(), j.job().getTarget().getHost(),
                j.job().getTarget().getPort(), j.job().getTests(), j.job().getDurationMs());
        try {
            JobExecutor.Ending ending = executor.execute(run, () -> stopping);
            if (ending == JobExecutor.Ending.COMPLETED) {
                Optional<List<MeasurementResult>> results = run.complete();
                if (results.isPresent()) {
                    publish(ResultBatch.of(results.get(), offsets.partition(), j.offset() + 1));
                    listener.resultsPublished(results.get());
                    LOG.info("job {} to {}: {} results published", j.job().getJobId(), j.job().getTarget().getHost(),
                            results.get().size());
                }
            } else {
                LOG.info("job {} to {}: {}", j.job().getJobId(), j.job().getTarget().getHost(),
                        ending == JobExecutor.Ending.ABANDONED ? "abandoned by the stop"
                                : "not started before the stop; it runs again after a restart");
            }
        } finally {
            current = null;
            listener.jobEnded(run);
        }
    }

    /** Publishes {@code batch} with the offset that may be committed now instead of its own. */
    private void publish(ResultBatch batch) throws PublishException {
        long next = nextCommit();
        publisher.publish(new ResultBatch(batch.results(), batch.deadLetters(), batch.jobsPartition(), next));
        offsets.committed(next);
    }

    private void commitPassedOver() throws PublishException {
        if (pending.commitOffset() > offsets.committedNext()) {
            publish(ResultBatch.offsetOnly(offsets.partition(), pending.commitOffset()));
        }
    }

    /** Never past a job still held, never behind what is already committed. */
    private long nextCommit() {
        return Math.max(pending.commitOffset(), offsets.committedNext());
    }

    /** Waits until {@code when} by the clock, in slices, so a stop or a moved test clock is noticed. */
    private boolean awaitUntil(Instant when) throws InterruptedException {
        while (true) {
            long ms = Duration.between(clock.instant(), when).toMillis();
            if (ms <= 0) {
                return true;
            }
            if (stopLatch.await(Math.min(ms, 1_000), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
    }

    /** Waits up to {@code time} for the measurement thread to end; true if it has. Blocks. */
    public boolean awaitEnd(Duration time) {
        try {
            thread.join(Math.max(1, time.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * Stops taking work and waits up to {@code grace} for the job in flight; past it, abandons the job
     * and publishes its answers from this thread. Blocks. Returns true when nothing is left to publish:
     * the thread ended, or its job was abandoned and answered here (its test then runs on to its own
     * bound, unseen). False while the thread is still writing a batch.
     */
    public boolean stop(Duration grace) {
        stopping = true;
        stopLatch.countDown();
        if (!thread.isAlive()) {
            return true;
        }
        try {
            thread.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            return true;
        }
        JobRun run = current;
        Optional<List<MeasurementResult>> answers = run == null ? Optional.empty() : run.abandon(clock);
        if (answers.isEmpty()) {
            return false;
        }
        LOG.warn("job {} to {}: test {} still running after {} ms; abandoning it", run.job().getJobId(),
                run.job().getTarget().getHost(), run.currentTest().orElse(null), grace.toMillis());
        try {
            long next = nextCommit();
            publisher.publish(ResultBatch.of(answers.get(), offsets.partition(), next));
            offsets.committed(next);
            listener.resultsPublished(answers.get());
        } catch (PublishException e) {
            LOG.error("job {}: answers of the abandoned job could not be published; it runs again after a restart",
                    run.job().getJobId(), e);
        }
        return true;
    }
}
