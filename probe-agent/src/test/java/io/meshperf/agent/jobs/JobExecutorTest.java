package io.meshperf.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.engine.client.TestContext;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.AgentId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobExecutorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AgentId A = AgentId.host("lab", "node-a");

    private final TestClock clock = new TestClock(T0);
    private final List<TestSpec> ran = new ArrayList<>();
    private Duration testTakes = Duration.ofSeconds(1);
    private int peak;
    private final List<Instant> waitedUntil = new ArrayList<>();

    /** Runs "tests" by advancing the clock; every one is OK. */
    private TestOutcome fakeTest(TestSpec spec, TestContext ctx) {
        ran.add(spec);
        Instant start = clock.instant();
        clock.advance(testTakes);
        MeasurementResult r = MeasurementResult.newBuilder(
                        Results.failure(jobOf(ctx), spec.kind().testType(), start, clock.instant(), Status.OK, "x"))
                .setReason(null).setLatencyNs(42.0).build();
        return new TestOutcome(r, null, null, null, null, null, false);
    }

    private MeasurementJob current;

    private MeasurementJob jobOf(TestContext ctx) {
        return current;
    }

    private JobExecutor executor(JobExecutor.TestRunner runner) {
        return new JobExecutor(runner, () -> () -> peak, when -> {
            waitedUntil.add(when);
            clock.set(when);
            return true;
        }, clock);
    }

    private List<MeasurementResult> run(MeasurementJob job, JobExecutor.Ending expected) throws Exception {
        current = job;
        JobRun run = new JobRun(job, 7);
        assertThat(executor(this::fakeTest).execute(run, () -> false)).isEqualTo(expected);
        return run.complete().orElseThrow();
    }

    @Test
    void runsEveryTestInOrderWithTheJobsSettings() throws Exception {
        MeasurementJob job = JobFixtures.job("j1", A, "10.0.0.2", 4000, JobFixtures.ALL_TESTS, T0,
                Duration.ofMinutes(5)).setDurationMs(1500).setMessageSizeBytes(null).build();

        List<MeasurementResult> results = run(job, JobExecutor.Ending.COMPLETED);

        assertThat(results).extracting(MeasurementResult::getTest).containsExactlyElementsOf(JobFixtures.ALL_TESTS);
        assertThat(results).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(Status.OK));
        assertThat(ran).extracting(TestSpec::kind).containsExactly(TestKind.TCP_BW, TestKind.TCP_LAT, TestKind.UDP_BW,
                TestKind.UDP_LAT);
        assertThat(ran).allSatisfy(s -> {
            assertThat(s.host()).isEqualTo("10.0.0.2");
            assertThat(s.port()).isEqualTo(4000);
            assertThat(s.timeSec()).as("1500 ms rounds up to qperf's whole seconds").isEqualTo(2);
            assertThat(s.timeoutSec()).isEqualTo(2);
            assertThat(s.askIdentity()).isTrue();
        });
        assertThat(ran.get(0).msgSize()).isEqualTo(65536);
        assertThat(ran.get(1).msgSize()).isEqualTo(1);
    }

    @Test
    void aJobTakenAfterItsDeadlineIsSkippedNotRun() throws Exception {
        MeasurementJob job = JobFixtures.job("late", A, "10.0.0.2", 4000, JobFixtures.ALL_TESTS,
                T0.minusSeconds(120), Duration.ofSeconds(60)).build();

        List<MeasurementResult> results = run(job, JobExecutor.Ending.COMPLETED);

        assertThat(ran).isEmpty();
        assertThat(results).hasSize(4).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.SKIPPED);
            assertThat(r.getReason()).contains("passed before the job was taken").contains(job.getDeadline().toString());
            assertThat(r.getJobId()).isEqualTo("late");
        });
    }

    @Test
    void waitsForStartNotBefore() throws Exception {
        MeasurementJob job = JobFixtures.job("later", A, "h", 1, List.of(TestType.TCP_LAT), T0, Duration.ofMinutes(5))
                .setStartNotBefore(T0.plusSeconds(30)).build();

        run(job, JobExecutor.Ending.COMPLETED);

        assertThat(waitedUntil).containsExactly(T0.plusSeconds(30));
        assertThat(ran).hasSize(1);
    }

    @Test
    void aTestTheDeadlineCannotFitIsSkippedWithTheReason() throws Exception {
        testTakes = Duration.ofSeconds(25);
        MeasurementJob job = JobFixtures.job("tight", A, "h", 1, List.of(TestType.TCP_BW, TestType.TCP_LAT), T0,
                Duration.ofSeconds(30)).build();

        List<MeasurementResult> results = run(job, JobExecutor.Ending.COMPLETED);

        assertThat(ran).hasSize(1);
        assertThat(results.get(0).getStatus()).isEqualTo(Status.OK);
        assertThat(results.get(1).getStatus()).isEqualTo(Status.SKIPPED);
        assertThat(results.get(1).getReason()).isEqualTo("only 5000 ms left before the deadline; a 1 s test needs"
                + " at least 7200 ms to be sure to end by it");
    }

    @Test
    void aTestStartingAtTheDeadlineIsSkipped() throws Exception {
        testTakes = Duration.ofSeconds(30);
        MeasurementJob job = JobFixtures.job("edge", A, "h", 1, List.of(TestType.TCP_BW, TestType.TCP_LAT), T0,
                Duration.ofSeconds(30)).build();

        List<MeasurementResult> results = run(job, JobExecutor.Ending.COMPLETED);

        assertThat(results.get(1).getStatus()).isEqualTo(Status.SKIPPED);
        assertThat(results.get(1).getReason()).contains("passed before the test could start");
    }

    @Test
    void theControlTimeoutShrinksSoTheTestEndsByTheDeadline() throws Exception {
        MeasurementJob job = JobFixtures.job("short", A, "h", 1, List.of(TestType.TCP_LAT), T0, Duration.ofSeconds(12))
                .setControlTimeoutMs(5000).build();

        run(job, JobExecutor.Ending.COMPLETED);

        assertThat(ran.get(0).timeoutSec()).isEqualTo(1);
        assertThat(ran.get(0).waitServerSec()).isEqualTo(1);
    }

    @Test
    void recordsThePeakOfPeerSessionsDuringTheTest() throws Exception {
        peak = 3;
        MeasurementJob job = JobFixtures.job("busy", A, "h", 1, List.of(TestType.TCP_LAT), T0, Duration.ofMinutes(1))
                .build();

        assertThat(run(job, JobExecutor.Ending.COMPLETED).get(0).getConcurrentSessions()).isEqualTo(3);
    }

    @Test
    void invalidJobsAndEngineFailuresAreResultsNotExceptions() throws Exception {
        MeasurementJob unknown = JobFixtures.job("u", A, "h", 1, List.of(TestType.UNKNOWN), T0, Duration.ofMinutes(1))
                .build();
        assertThat(run(unknown, JobExecutor.Ending.COMPLETED).get(0).getReason())
                .isEqualTo("test type UNKNOWN is not one this agent runs");

        MeasurementJob zero = JobFixtures.job("z", A, "h", 1, List.of(TestType.TCP_LAT), T0, Duration.ofMinutes(1))
                .setDurationMs(0).build();
        assertThat(run(zero, JobExecutor.Ending.COMPLETED).get(0).getStatus()).isEqualTo(Status.ERROR);

        MeasurementJob badPort = JobFixtures.job("p", A, "h", 70000, List.of(TestType.TCP_LAT), T0,
                Duration.ofMinutes(1)).build();
        MeasurementResult r = run(badPort, JobExecutor.Ending.COMPLETED).get(0);
        assertThat(r.getStatus()).isEqualTo(Status.ERROR);
        assertThat(r.getReason()).contains("port must be 1..65535");

        current = JobFixtures.job("e", A, "h", 1, List.of(TestType.TCP_LAT), T0, Duration.ofMinutes(1)).build();
        JobRun run = new JobRun(current, 1);
        JobExecutor failing = executor((spec, ctx) -> {
            throw new IllegalStateException("boom");
        });
        assertThat(failing.execute(run, () -> false)).isEqualTo(JobExecutor.Ending.COMPLETED);
        assertThat(run.complete().orElseThrow().get(0).getReason()).isEqualTo(
                "engine failure: java.lang.IllegalStateException: boom");
    }

    @Test
    void stoppingBetweenTestsAnswersTheRestAgentStopping() throws Exception {
        current = JobFixtures.job("s", A, "h", 1, JobFixtures.ALL_TESTS, T0, Duration.ofMinutes(5)).build();
        JobRun run = new JobRun(current, 1);

        JobExecutor.Ending ending = executor(this::fakeTest).execute(run, () -> !ran.isEmpty());

        assertThat(ending).isEqualTo(JobExecutor.Ending.COMPLETED);
        List<MeasurementResult> results = run.complete().orElseThrow();
        assertThat(results).extracting(MeasurementResult::getStatus).containsExactly(Status.OK, Status.ERROR,
                Status.ERROR, Status.ERROR);
        assertThat(results.get(3).getReason()).isEqualTo(JobRun.STOPPING);
    }

    @Test
    void aJobNotBegunWhenTheStopComesIsLeftForTheNextStart() throws Exception {
        current = JobFixtures.job("n", A, "h", 1, JobFixtures.ALL_TESTS, T0, Duration.ofMinutes(5)).build();

        assertThat(executor(this::fakeTest).execute(new JobRun(current, 1), () -> true))
                .isEqualTo(JobExecutor.Ending.NOT_STARTED);

        MeasurementJob later = JobFixtures.job("w", A, "h", 1, JobFixtures.ALL_TESTS, T0, Duration.ofMinutes(5))
                .setStartNotBefore(T0.plusSeconds(10)).build();
        JobExecutor stopWhileWaiting = new JobExecutor(this::fakeTest, () -> () -> 0, when -> false, clock);
        assertThat(stopWhileWaiting.execute(new JobRun(later, 2), () -> false)).isEqualTo(JobExecutor.Ending.NOT_STARTED);
        assertThat(ran).isEmpty();
    }

    @Test
    void aJobAbandonedDuringATestIsAnsweredOnceByTheAbandoner() throws Exception {
        current = JobFixtures.job("a", A, "h", 1, JobFixtures.ALL_TESTS, T0, Duration.ofMinutes(5)).build();
        JobRun run = new JobRun(current, 1);
        AtomicReference<List<MeasurementResult>> abandoned = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        JobExecutor executor = executor((spec, ctx) -> {
            TestOutcome o = fakeTest(spec, ctx);
            if (!first.getAndSet(false)) {
                // The stopping thread gives up on the job while its second test runs.
                abandoned.set(run.abandon(clock).orElseThrow());
            }
            return o;
        });

        assertThat(executor.execute(run, () -> false)).isEqualTo(JobExecutor.Ending.ABANDONED);

        assertThat(abandoned.get()).extracting(MeasurementResult::getStatus).containsExactly(Status.OK, Status.ERROR,
                Status.ERROR, Status.ERROR);
        assertThat(abandoned.get().get(1).getReason()).isEqualTo(JobRun.STOPPING);
        assertThat(run.complete()).as("the measurement thread's late result is dropped").isEmpty();
        assertThat(ran).hasSize(2);
    }
}
