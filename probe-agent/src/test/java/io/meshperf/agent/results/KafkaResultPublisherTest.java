package io.meshperf.agent.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaResultPublisherTest {

    private static final String GROUP = "meshperf-agent-lab/a/host";
    private static final TopicPartition JOBS_2 = new TopicPartition("meshperf.jobs", 2);

    /** A mock transactional producer whose commits fail as scripted, then succeed. */
    static final class ScriptedProducer extends MockProducer<byte[], byte[]> {
        final Deque<RuntimeException> commitFailures = new ArrayDeque<>();

        ScriptedProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            RuntimeException e = commitFailures.poll();
            if (e != null) {
                throw e;
            }
            super.commitTransaction();
        }
    }

    private final List<ScriptedProducer> made = new ArrayList<>();
    private final Deque<ScriptedProducer> next = new ArrayDeque<>();
    private long committedOffset = -1;

    private KafkaResultPublisher publisher() {
        return new KafkaResultPublisher(() -> {
            ScriptedProducer p = next.isEmpty() ? new ScriptedProducer() : next.poll();
            made.add(p);
            return p;
        }, tp -> committedOffset, "meshperf.results", "meshperf.dlq", "meshperf.jobs", GROUP, Duration.ofSeconds(1));
    }

    private static MeasurementResult result(String jobId, TestType test) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return MeasurementResult.newBuilder().setJobId(jobId).setCluster("lab").setPath(Path.NODE_TO_NODE).setTest(test)
                .setStatus(Status.OK).setSource(AgentRef.newBuilder().setAgentId("lab/a/host").setCluster("lab")
                        .setNode("a").setNetwork(Network.HOST).build())
                .setTarget(Endpoint.newBuilder().setKind(EndpointKind.NODE).setHost("10.0.0.2").setPort(19765)
                        .setNode("b").build())
                .setStartedAt(t).setEndedAt(t).setDurationSec(1).setMessageSizeBytes(1).setAgentVersion("dev").build();
    }

    @Test
    void aBatchIsOneTransactionWithItsOffset() throws Exception {
        KafkaResultPublisher p = publisher();
        DeadLetter dead = new DeadLetter("k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2}, "meshperf.jobs", 2, 40,
                "NOT_SINGLE_OBJECT: x");

        p.publish(new ResultBatch(List.of(result("j1", TestType.TCP_BW), result("j1", TestType.TCP_LAT)), List.of(dead),
                2, 42));

        ScriptedProducer producer = made.get(0);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).hasSize(3);
        assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo("lab/NODE_TO_NODE/a/b");
        assertThat(Codecs.MEASUREMENT_RESULT.decode(producer.history().get(1).value()).getTest())
                .isEqualTo(TestType.TCP_LAT);
        assertThat(producer.history().get(2).topic()).isEqualTo("meshperf.dlq");
        assertThat(new String(producer.history().get(2).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                StandardCharsets.UTF_8)).isEqualTo("NOT_SINGLE_OBJECT: x");
        assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(
                Map.of(GROUP, Map.of(JOBS_2, new OffsetAndMetadata(42))));
    }

    @Test
    void aTimedOutCommitIsRetriedAsACommitOnTheSameProducer() throws Exception {
        ScriptedProducer first = new ScriptedProducer();
        first.commitFailures.add(new TimeoutException("commit timed out"));
        first.commitFailures.add(new TimeoutException("commit timed out again"));
        next.add(first);

        publisher().publish(ResultBatch.of(List.of(result("j2", TestType.TCP_LAT)), 2, 7));

        assertThat(made).hasSize(1);
        assertThat(first.commitCount()).isOne();
        assertThat(first.history()).hasSize(1);
    }

    @Test
    void anUncertainCommitThatLandedIsNotSentAgain() throws Exception {
        ScriptedProducer first = new ScriptedProducer();
        first.commitFailures.add(new KafkaException("connection lost during EndTxn"));
        next.add(first);
        committedOffset = 8;

        publisher().publish(ResultBatch.of(List.of(result("j3", TestType.TCP_LAT)), 2, 8));

        assertThat(made).as("a new producer settles the old transaction").hasSize(2);
        assertThat(made.get(1).history()).as("no duplicate").isEmpty();
        assertThat(made.get(1).transactionInFlight()).isFalse();
    }

    @Test
    void anUncertainCommitThatDidNotLandIsSentAgainOnce() throws Exception {
        ScriptedProducer first = new ScriptedProducer();
        first.commitFailures.add(new KafkaException("connection lost during EndTxn"));
        next.add(first);
        committedOffset = 5;

        publisher().publish(ResultBatch.of(List.of(result("j4", TestType.TCP_LAT)), 2, 8));

        assertThat(made).hasSize(2);
        assertThat(made.get(1).history()).hasSize(1);
        assertThat(made.get(1).transactionCommitted()).isTrue();
    }

    @Test
    void fencingByAnotherInstanceGivesUpForGood() {
        ScriptedProducer first = new ScriptedProducer();
        first.commitFailures.add(new ProducerFencedException("another instance"));
        next.add(first);

        assertThatThrownBy(() -> publisher().publish(ResultBatch.offsetOnly(2, 3))).isInstanceOf(PublishException.class)
                .hasMessageContaining("took over");
    }

    @Test
    void aStoppingPublisherGivesUpInsteadOfRetrying() {
        ScriptedProducer first = new ScriptedProducer();
        first.commitFailures.add(new KafkaException("broker gone"));
        next.add(first);
        KafkaResultPublisher p = publisher();
        p.stopRetrying();

        assertThatThrownBy(() -> p.publish(ResultBatch.offsetOnly(2, 3))).isInstanceOf(PublishException.class)
                .hasMessageContaining("agent is stopping");
        assertThat(made).hasSize(1);
    }
}
