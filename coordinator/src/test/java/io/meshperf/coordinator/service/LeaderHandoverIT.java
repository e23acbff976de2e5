package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.publishing.Checkpoint;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ResultOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two coordinator replicas with Kafka leader election on the real in-process broker: the leader
 * runs in a separate JVM and is killed by PID (SIGKILL: no goodbye to the group, no transaction
 * closed); the follower in this JVM must take over within seconds and carry on from the topics
 * without publishing any round or slot twice.
 */
class LeaderHandoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderHandoverIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theFollowerTakesOverFromAKilledLeaderWithoutPublishingASlotTwice(EmbeddedKafkaBroker broker)
            throws Exception {
        TestCluster cluster = new TestCluster(broker, "handover");
        Process leader = null;
        try (FakeAgents agents = cluster.agents(List.of("n1", "n2", "n3", "n4", "n5"))) {
            leader = startInOwnJvm(cluster.flags("a"));
            await().atMost(WAIT).until(() -> writtenBy(cluster, "a") >= 3);

            try (CoordinatorService follower = cluster.start("b")) {
                int byA = writtenBy(cluster, "a");
                await().atMost(WAIT).until(() -> writtenBy(cluster, "a") >= byA + 3);
                assertThat(follower.isLeading()).as("the follower publishes nothing while the leader lives").isFalse();
                assertThat(writtenBy(cluster, "b")).isZero();

                leader.destroyForcibly();
                leader.waitFor();
                Instant killed = Instant.now();
                await().atMost(WAIT).until(follower::isLeading);
                Duration takeOver = Duration.between(killed, Instant.now());
                LOG.info("Follower took over {} ms after the leader was killed (session timeout 3000 ms)",
                        takeOver.toMillis());
                assertThat(takeOver).isLessThan(Duration.ofSeconds(15));
                await().atMost(WAIT).until(() -> writtenBy(cluster, "b") >= 4);
            }
        } finally {
            if (leader != null && leader.isAlive()) {
                leader.destroyForcibly();
                leader.waitFor();
            }
        }
        List<MeasurementJob> jobs = cluster.publishedJobs();
        assertThat(jobs).extracting(MeasurementJob::getJobId).as("no job published twice").doesNotHaveDuplicates();
        TreeMap<Long, List<MeasurementJob>> slots = Published.slots(jobs);
        slots.values().forEach(Published::issuedOnce);
        slots.values().forEach(Published::noNodeTwiceIn);
        Published.rounds(jobs).values().forEach(Published::issuedOnce);
        Published.eachRoundAndSlotOnce(cluster.checkpoints());
        assertThat(cluster.publishedResults()).extracting(MeasurementResult::getOrigin)
                .as("every job was answered, and the new leader saw those answers: no stand-in")
                .containsOnly(ResultOrigin.AGENT);
    }

    private static int writtenBy(TestCluster cluster, String replica) {
        return (int) cluster.checkpoints().stream().map(Checkpoint::writtenBy).filter(replica::equals).count();
    }

    private static Process startInOwnJvm(Map<String, String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CoordinatorCommand.class.getName()));
        flags.forEach((flag, value) -> {
            command.add(flag);
            command.add(value);
        });
        Path log = Files.createDirectories(Path.of("target")).resolve("handover-leader.log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
