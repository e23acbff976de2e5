package io.meshperf.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** How the feed sorts the records of its partition (no consumer involved). */
class KafkaJobFeedTest {

    private static final AgentId A = AgentId.host("lab", "node-a");
    private final KafkaJobFeed feed = new KafkaJobFeed(() -> {
        throw new IllegalStateException("no consumer in this test");
    }, "meshperf.jobs", A.toString(), new ArrayBlockingQueue<>(1), new OffsetTracker(), Duration.ofSeconds(1));

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("meshperf.jobs", 1, 17, key, value);
    }

    private static MeasurementJob.Builder job(AgentId source) {
        return JobFixtures.job("j", source, "10.0.0.2", 19765, List.of(TestType.TCP_LAT), Instant.EPOCH,
                Duration.ofMinutes(1));
    }

    @Test
    void ownJobsAreRunAndOtherAgentsRecordsOnlyMoveTheOffset() {
        Work own = feed.toWork(record(A.toString(), Codecs.MEASUREMENT_JOB.encode(job(A).build())));
        Work other = feed.toWork(record("lab/node-b/host", "anything".getBytes(StandardCharsets.UTF_8)));
        Work keyless = feed.toWork(record(null, new byte[0]));

        assertThat(own).isInstanceOfSatisfying(Work.Job.class, j -> assertThat(j.job().getJobId()).isEqualTo("j"));
        assertThat(other).isEqualTo(new Work.Foreign(17));
        assertThat(keyless).isEqualTo(new Work.Foreign(17));
    }

    @Test
    void recordsForThisAgentThatCannotRunAreDeadLettersWithTheReason() {
        byte[] garbage = {1, 2, 3};
        Work undecodable = feed.toWork(record(A.toString(), garbage));
        Work tombstone = feed.toWork(record(A.toString(), null));
        Work wrongSource = feed.toWork(record(A.toString(),
                Codecs.MEASUREMENT_JOB.encode(job(AgentId.host("lab", "node-z")).build())));
        Work unkeyable = feed.toWork(record(A.toString(), Codecs.MEASUREMENT_JOB.encode(job(A)
                .setTarget(io.meshperf.schemas.Endpoint.newBuilder().setKind(io.meshperf.schemas.EndpointKind.NODE)
                        .setHost("10.0.0.2").setPort(1).setNode("node b").build()).build())));

        assertThat(undecodable).isInstanceOfSatisfying(Work.Undecodable.class, u -> {
            assertThat(u.letter().value()).isEqualTo(garbage);
            assertThat(u.letter().key()).isEqualTo(A.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(u.letter().offset()).isEqualTo(17);
            assertThat(u.letter().partition()).isEqualTo(1);
            assertThat(u.letter().reason()).startsWith("NOT_SINGLE_OBJECT");
        });
        assertThat(((Work.Undecodable) tombstone).letter().reason()).startsWith("EMPTY");
        assertThat(((Work.Undecodable) wrongSource).letter().reason())
                .isEqualTo("job j is keyed for lab/node-a/host but names source lab/node-z/host");
        assertThat(((Work.Undecodable) unkeyable).letter().reason()).startsWith("job j cannot be answered: dstNode");
    }
}
