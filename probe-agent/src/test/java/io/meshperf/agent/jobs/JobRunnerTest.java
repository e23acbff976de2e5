package io.meshperf.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.engine.client.TestContext;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.results.DeadLetter;
import io.meshperf.agent.results.ResultBatch;
import io.meshperf.agent.results.ResultPublisher;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.AgentId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The measurement thread's order of work and the offsets it commits, with a hand-moved clock. */
class JobRunnerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AgentId A = AgentId.pod("lab", "node-a");

    private final TestClock clock = new TestClock(T0);
    private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(16);
    private final Map<String, MeasurementJob> jobs = new ConcurrentHashMap<>();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<ResultBatch> batches = new CopyOnWriteArrayList<>();
    private final OffsetTracker offsets = new OffsetTracker();
    private JobRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop(Duration.ofSeconds(5));
        }
    }

    /** Every test is OK at once; the job is found by the id the context carries. */
    private TestOutcome fakeTest(TestSpec spec, TestContext ctx) {
        ran.add(ctx.jobId() + "/" + spec.kind());
        MeasurementJob job = jobs.get(ctx.jobId());
        MeasurementResult r = MeasurementResult.newBuilder(Results.failure(job, spec.kind().testType(),
                clock.instant(), clock.instant(), Status.OK, "x")).setReason(null).setBwBytesPerSec(1.0).build();
        return new TestOutcome(r, null, null, null, null, null, false);
    }

    private void start() {
        offsets.start(0, 0);
        ResultPublisher publisher = new ResultPublisher() {
            @Override
            public void publish(ResultBatch batch) {
                batches.add(batch);
            }

            @Override
            public void stopRetrying() {
            }

            @Override
            public void close() {
            }
        };
        JobListener listener = new JobListener() {
            @Override
            public void jobStarted(JobRun run) {
            }

            @Override
            public void resultsPublished(List<MeasurementResult> results) {
            }

            @Override
            public void deadLettered(DeadLetter letter) {
            }

            @Override
            public void jobEnded(JobRun run) {
            }
        };
        runner = JobRunner.create(queue, this::fakeTest, () -> () -> 0, publisher, offsets, listener, clock);
        runner.start();
    }

    private Work.Job job(String id, long offset, Instant start, Duration window) {
        MeasurementJob job = JobFixtures.job(id, A, "10.0.0.2", 4000, List.of(TestType.TCP_BW, TestType.UDP_BW),
                start, window).build();
        jobs.put(id, job);
        return new Work.Job(job, offset);
    }

    @Test
    void aSlotPublishedAfterALatencyRoundRunsBeforeTheRoundsLaterJobs() throws Exception {
        // Offsets 0 and 1: a latency round's jobs, the second starting 12 s into the round; offset 2:
        // another agent's record; offset 3: a bandwidth job published at T0 that starts at once.
        queue.put(job("lat-1", 0, T0.minusSeconds(4), Duration.ofSeconds(12)));
        queue.put(job("lat-2", 1, T0.plusSeconds(8), Duration.ofSeconds(12)));
        queue.put(new Work.Foreign(2));
        queue.put(job("bw", 3, T0, Duration.ofSeconds(12)));
        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 2);
        assertThat(ran).containsExactly("lat-1/TCP_BW", "lat-1/UDP_BW", "bw/TCP_BW", "bw/UDP_BW");
        assertThat(batches).extracting(ResultBatch::nextOffset).as("lat-2 (offset 1) still waits")
                .containsExactly(1L, 1L);
        assertThat(batches.get(1).results()).extracting(MeasurementResult::getStatus)
                .containsOnly(Status.OK);

        clock.advance(Duration.ofSeconds(8));
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 3);
        assertThat(ran).endsWith("lat-2/TCP_BW", "lat-2/UDP_BW");
        assertThat(batches.get(2).nextOffset()).as("everything taken is done").isEqualTo(4L);
        assertThat(offsets.committedNext()).isEqualTo(4L);
    }

    @Test
    void recordsOfOtherAgentsAreCommittedOnTheirOwnWhenNothingWaits() throws Exception {
        queue.put(new Work.Foreign(0));
        queue.put(new Work.Foreign(1));
        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> offsets.committedNext() == 2L);
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.results()).isEmpty());
    }
}
