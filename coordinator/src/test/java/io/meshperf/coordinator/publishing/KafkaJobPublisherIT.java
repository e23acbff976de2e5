package io.meshperf.coordinator.publishing;

import static io.meshperf.coordinator.publishing.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The transactional publisher and the take-over read-back on the real in-process broker. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaJobPublisherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Topics(String jobs, String results, String state) {
    }

    private static Topics topics(EmbeddedKafkaBroker broker, TestInfo test) {
        return topics(broker, test.getTestMethod().orElseThrow().getName(), 4);
    }

    private static Topics topics(EmbeddedKafkaBroker broker, String name, int jobPartitions) {
        Topics t = new Topics("jobs." + name, "results." + name, "state." + name);
        broker.createTopics(TopicSpec.of(t.jobs(), jobPartitions), TopicSpec.of(t.results(), 2),
                TopicSpec.of(t.state(), 1).compacted());
        return t;
    }

    private static KafkaJobPublisher publisher(EmbeddedKafkaBroker broker, Topics t, String replica) {
        return new KafkaJobPublisher(broker.bootstrapServers(), "c1", replica, t.jobs(), t.results(), t.state(), TIMEOUT);
    }

    private static PublishBatch batch(Instant at, String prefix) {
        MeasurementJob bw = job(prefix + "-bw", "a", "b", 1L, at, at.plusSeconds(10));
        MeasurementJob lat = job(prefix + "-lat", "c", "d", null, at, at.plusSeconds(10));
        OpenJobs open = new OpenJobs();
        open.add(job(prefix + "-old", "e", "f", null, at, at.plusSeconds(1)));
        List<MeasurementResult> timeouts = StandIns.timeouts(open.expired(at.plusSeconds(5), Duration.ZERO).get(0),
                at.plusSeconds(5));
        return new PublishBatch(List.of(bw, lat), timeouts,
                new Checkpoint("c1", 3, at, null, 0, null, null, at, prefix, at));
    }

    @Test
    void aBatchIsWrittenWhole(EmbeddedKafkaBroker broker, TestInfo test) {
        Topics t = topics(broker, test);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaJobPublisher publisher = publisher(broker, t, "a")) {
            publisher.open();
            publisher.publish(batch(now, "one"));
        }
        // commitTransaction returns before every partition has its commit marker; until then
        // read_committed readers do not see the batch, so wait for it to become visible.
        await().atMost(WAIT).until(() -> read(broker, t.jobs()).size() == 2);
        Map<String, byte[]> jobs = read(broker, t.jobs());
        assertThat(jobs).containsOnlyKeys("c1/a/host", "c1/c/host");
        assertThat(Codecs.MEASUREMENT_JOB.decode(jobs.get("c1/a/host")).getJobId()).isEqualTo("one-bw");
        await().atMost(WAIT).until(() -> !read(broker, t.results()).isEmpty());
        assertThat(read(broker, t.results())).containsOnlyKeys("c1/NODE_TO_NODE/e/f");
        TopicState state = new TopicState(broker.bootstrapServers(), TIMEOUT, Clock.systemUTC());
        await().atMost(WAIT).until(() -> state.checkpoint(t.state(), "c1").isPresent());
        assertThat(state.checkpoint(t.state(), "c1")).map(Checkpoint::writtenBy).contains("one");
        assertThat(state.checkpoint(t.state(), "other")).isEmpty();
    }

    @Test
    void aNewPublisherFencesTheOldOneWhoseBatchNeverBecomesVisible(EmbeddedKafkaBroker broker, TestInfo test) {
        Topics t = topics(broker, test);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaJobPublisher old = publisher(broker, t, "old"); KafkaJobPublisher current = publisher(broker, t, "new")) {
            old.open();
            current.open();

            assertThatThrownBy(() -> old.publish(batch(now, "zombie"))).isInstanceOf(PublisherFencedException.class)
                    .hasMessageContaining("another coordinator replica claimed publishing for c1");
            assertThat(old.isOpen()).isFalse();
            current.publish(batch(now, "leader"));
        }
        TopicState state = new TopicState(broker.bootstrapServers(), TIMEOUT, Clock.systemUTC());
        await().atMost(WAIT).until(() -> state.jobsSince(t.jobs(), "c1", now.minusSeconds(1)).size() >= 2);
        assertThat(state.jobsSince(t.jobs(), "c1", now.minusSeconds(1))).extracting(MeasurementJob::getJobId)
                .containsExactlyInAnyOrder("leader-bw", "leader-lat");
        assertThat(state.checkpoint(t.state(), "c1")).map(Checkpoint::writtenBy).contains("leader");
    }

    @Test
    void readBackFindsTheJobsSinceAnInstantWhetherOrNotEveryPartitionHasSome(EmbeddedKafkaBroker broker) {
        readBack(broker, topics(broker, "readBackOnePartition", 1));
        readBack(broker, topics(broker, "readBackFourPartitions", 4));
    }

    private static void readBack(EmbeddedKafkaBroker broker, Topics t) {
        Instant early = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Instant late = early.plusSeconds(30);
        try (KafkaJobPublisher publisher = publisher(broker, t, "a")) {
            publisher.open();
            publisher.publish(batch(early, "early"));
            publisher.publish(batch(late, "late"));
        }
        TopicState state = new TopicState(broker.bootstrapServers(), TIMEOUT, Clock.systemUTC());
        await().atMost(WAIT).until(() -> state.jobsSince(t.jobs(), "c1", early).size() == 4);
        assertThat(state.jobsSince(t.jobs(), "c1", late)).extracting(MeasurementJob::getJobId)
                .containsExactlyInAnyOrder("late-bw", "late-lat");
        assertThat(state.jobsSince(t.jobs(), "c1", late.plusSeconds(1))).isEmpty();
        assertThat(state.jobsSince(t.jobs(), "other", early)).isEmpty();
    }

    /** The committed records of a topic by key (last value wins). */
    private static Map<String, byte[]> read(EmbeddedKafkaBroker broker, String topic) {
        Map<String, byte[]> byKey = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    byKey.put(r.key(), r.value());
                }
            }
        }
        return byKey;
    }
}
