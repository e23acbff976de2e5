package io.meshperf.coordinator.publishing;

import static io.meshperf.coordinator.publishing.TestJobs.T0;
import static io.meshperf.coordinator.publishing.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ResultOrigin;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.ResultKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenJobsTest {

    private final OpenJobs open = new OpenJobs();

    @Test
    void aJobClosesWhenEveryTestHasAResult() {
        open.add(job("j1", "a", "b", null, T0, T0.plusSeconds(10)));
        assertThat(open.close("j1", TestType.TCP_LAT)).isTrue();
        assertThat(open.size()).isEqualTo(1);
        assertThat(open.close("j1", TestType.TCP_LAT)).as("the same test twice").isFalse();
        assertThat(open.close("j1", TestType.UDP_LAT)).isTrue();
        assertThat(open.size()).isZero();
        assertThat(open.close("j1", TestType.UDP_LAT)).as("a result after the job closed").isFalse();
        assertThat(open.close("other", TestType.TCP_LAT)).as("a job never tracked").isFalse();
    }

    @Test
    void expiresOnlyAfterDeadlinePlusGraceAndKeepsJobsUntilRemoved() {
        open.add(job("early", "a", "b", null, T0, T0.plusSeconds(10)));
        open.add(job("late", "b", "a", null, T0, T0.plusSeconds(20)));
        Duration grace = Duration.ofSeconds(5);
        assertThat(open.expired(T0.plusSeconds(14), grace)).isEmpty();
        List<OpenJobs.Open> expired = open.expired(T0.plusSeconds(15), grace);
        assertThat(expired).extracting(o -> o.job().getJobId()).containsExactly("early");
        assertThat(open.size()).as("expired() does not remove").isEqualTo(2);
        open.remove(expired);
        assertThat(open.size()).isEqualTo(1);
        assertThat(open.earliestDeadline()).contains(T0.plusSeconds(20));
    }

    @Test
    void countsOpenJobsPerSlotAndFindsJobsOfDepartedSources() {
        open.add(job("s1", "a", "b", 7L, T0, T0.plusSeconds(10)));
        open.add(job("s2", "c", "d", 7L, T0.plusSeconds(1), T0.plusSeconds(10)));
        open.add(job("s3", "a", "d", 8L, T0.plusSeconds(2), T0.plusSeconds(10)));
        assertThat(open.openInSlot(7)).isEqualTo(2);
        assertThat(open.openInSlot(8)).isEqualTo(1);
        assertThat(open.oldestIssuedAt()).contains(T0);
        assertThat(open.fromSources(id -> id.equals("c1/a/host"))).extracting(o -> o.job().getJobId())
                .containsExactly("s1", "s3");
    }

    @Test
    void timeoutStandInsCoverOnlyTheMissingTestsAndAreMarkedAsTheCoordinators() {
        open.add(job("j1", "a", "b", 3L, T0, T0.plusSeconds(10)));
        open.close("j1", TestType.TCP_BW);
        OpenJobs.Open missing = open.expired(T0.plusSeconds(30), Duration.ZERO).get(0);

        List<MeasurementResult> results = StandIns.timeouts(missing, T0.plusSeconds(30));

        assertThat(results).hasSize(1);
        MeasurementResult r = results.get(0);
        assertThat(r.getTest()).isEqualTo(TestType.UDP_BW);
        assertThat(r.getStatus()).isEqualTo(Status.TIMEOUT);
        assertThat(r.getOrigin()).isEqualTo(ResultOrigin.COORDINATOR);
        assertThat(r.getReason()).contains("c1/a/host").contains("deadline");
        assertThat(r.getDurationSec()).isEqualTo(5);
        assertThat(r.getMessageSizeBytes()).isEqualTo(StandIns.BANDWIDTH_DEFAULT_BYTES);
        assertThat(ResultKey.of(r).toString()).isEqualTo("c1/NODE_TO_NODE/a/b");
        assertThat(Codecs.MEASUREMENT_RESULT.decode(Codecs.MEASUREMENT_RESULT.encode(r))).isEqualTo(r);
    }

    @Test
    void sourceLeftStandInsAreSkipped() {
        open.add(job("j1", "a", "b", null, T0, T0.plusSeconds(10)));
        List<MeasurementResult> results = StandIns.sourceLeft(open.fromSources(id -> true).get(0), T0);
        assertThat(results).extracting(MeasurementResult::getStatus).containsExactly(Status.SKIPPED, Status.SKIPPED);
        assertThat(results).extracting(MeasurementResult::getTest).containsExactly(TestType.TCP_LAT, TestType.UDP_LAT);
        assertThat(results.get(0).getReason()).contains("left the cluster");
    }
}
