package io.meshperf.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.keys.AgentId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingJobsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AgentId A = AgentId.pod("lab", "node-a");

    private static Work.Job job(String id, long offset, Instant start, Duration window) {
        return new Work.Job(JobFixtures.job(id, A, "10.0.0.2", 4000, JobFixtures.ALL_TESTS, start, window).build(),
                offset);
    }

    @Test
    void aJobStartingNowRunsBeforeAnEarlierPublishedJobThatStartsLater() {
        PendingJobs pending = new PendingJobs(8);
        // A latency round's later job, then a bandwidth slot published after it that starts at once.
        pending.hold(job("lat", 3, T0.plusSeconds(6), Duration.ofSeconds(12)));
        pending.hold(job("bw", 5, T0, Duration.ofSeconds(12)));

        assertThat(pending.takeDue(T0)).map(j -> j.job().getJobId()).contains("bw");
        assertThat(pending.takeDue(T0)).as("the latency job's start has not come").isEmpty();
        assertThat(pending.nextStart()).contains(T0.plusSeconds(6));
        assertThat(pending.takeDue(T0.plusSeconds(6))).map(j -> j.job().getJobId()).contains("lat");
        assertThat(pending.size()).isZero();
    }

    @Test
    void amongDueJobsTheEarliestDeadlineRunsFirstThenTheLowestOffset() {
        PendingJobs pending = new PendingJobs(8);
        pending.hold(job("late-deadline", 1, T0, Duration.ofSeconds(30)));
        pending.hold(job("tie-b", 4, T0, Duration.ofSeconds(10)));
        pending.hold(job("tie-a", 2, T0, Duration.ofSeconds(10)));
        pending.hold(job("expired", 3, T0.minusSeconds(20), Duration.ofSeconds(5)));

        assertThat(List.of(pending.takeDue(T0), pending.takeDue(T0), pending.takeDue(T0), pending.takeDue(T0)))
                .map(j -> j.orElseThrow().job().getJobId())
                .as("an expired job is answered (SKIPPED) first, so its answer is not late too")
                .containsExactly("expired", "tie-a", "tie-b", "late-deadline");
    }

    @Test
    void theCommitOffsetNeverPassesAHeldJob() {
        PendingJobs pending = new PendingJobs(8);
        assertThat(pending.commitOffset()).as("nothing taken yet").isEqualTo(-1);
        pending.taken(3);
        assertThat(pending.commitOffset()).as("records of other agents passed over").isEqualTo(3);
        pending.hold(job("lat", 3, T0.plusSeconds(6), Duration.ofSeconds(12)));
        pending.taken(5);
        pending.hold(job("bw", 5, T0, Duration.ofSeconds(12)));
        assertThat(pending.commitOffset()).isEqualTo(3);

        pending.takeDue(T0);
        assertThat(pending.commitOffset()).as("bw is done, but lat (offset 3) still waits").isEqualTo(3);
        pending.takeDue(T0.plusSeconds(6));
        assertThat(pending.commitOffset()).as("everything taken is done").isEqualTo(6);
    }

    @Test
    void fullAtCapacity() {
        PendingJobs pending = new PendingJobs(2);
        pending.hold(job("a", 0, T0, Duration.ofSeconds(12)));
        assertThat(pending.full()).isFalse();
        pending.hold(job("b", 1, T0, Duration.ofSeconds(12)));
        assertThat(pending.full()).isTrue();
        assertThatThrownBy(() -> new PendingJobs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}
