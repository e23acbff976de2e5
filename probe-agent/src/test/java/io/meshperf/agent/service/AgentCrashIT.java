package io.meshperf.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.jobs.JobFixtures;
import io.meshperf.agent.jobs.JobPartition;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.Topics;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent is killed (SIGKILL, no shutdown hook) in the middle of a job and started again: it
 * resumes from its committed offset, and every job ends in exactly one result.
 */
class AgentCrashIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int JOBS = 6;
    private static final AgentId A = AgentId.host("lab", "node-a");

    /** The agent as its own JVM, through the jar's main class and flags. */
    private static Process launch(String bootstrap, int httpPort, Path log) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", classpath, "io.meshperf.agent.Main",
                "--cluster", A.cluster(), "--node", A.node(), "--network", "host",
                "--kafka-bootstrap-servers", bootstrap, "--qperf-port", "0", "--http-port", Integer.toString(httpPort),
                "--heartbeat-interval-ms", "500", "--kafka-timeout-ms", "10000"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHPERF_"));
        return pb.start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitHttpReady(int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> AgentHarness.get(port, "/readyz").statusCode() == 200);
    }

    @Test
    void aKilledAgentResumesFromItsCommittedOffsetAndAnswersEveryJobOnce() throws Exception {
        AgentHarness.createTopics(KAFKA.broker());
        String bootstrap = KAFKA.broker().bootstrapServers();
        AgentService target = AgentHarness.start(bootstrap, AgentId.host("lab", "node-b"), Map.of());
        Path log = new File("target/agent-crash-it-agent.log").toPath();
        Process first = null;
        Process second = null;
        try (AgentHarness.TopicReader results = new AgentHarness.TopicReader(bootstrap, Topics.RESULTS)) {
            int port = freePort();
            first = launch(bootstrap, port, log);
            awaitHttpReady(port);
            long last = -1;
            for (int i = 0; i < JOBS; i++) {
                MeasurementJob job = JobFixtures.job("crash-" + i, A, "127.0.0.1", target.qperfPort(),
                        List.of(TestType.TCP_LAT, TestType.UDP_LAT), Instant.now(), Duration.ofMinutes(5)).build();
                last = AgentHarness.publishJob(bootstrap, A.toString(), Codecs.MEASUREMENT_JOB.encode(job));
            }
            // Kill it while a later job's test is in flight against the target.
            await().atMost(Duration.ofSeconds(90)).until(() -> ResultCounts.perJob(results.allResults()).size() >= 1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> target.server().activeSessions() > 0);
            first.destroyForcibly();
            assertThat(first.waitFor()).isEqualTo(137);
            int answeredBeforeRestart = ResultCounts.perJob(results.allResults()).size();
            assertThat(answeredBeforeRestart).isLessThan(JOBS);

            int port2 = freePort();
            second = launch(bootstrap, port2, log);
            awaitHttpReady(port2);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
                    .until(() -> ResultCounts.perJob(results.allResults()).size() == JOBS);
            ResultCounts.awaitCommittedPast(bootstrap, A.toString(),
                    new TopicPartition(Topics.JOBS, JobPartition.of(A.toString(), AgentHarness.JOB_PARTITIONS)), last,
                    Duration.ofSeconds(60));

            List<MeasurementResult> all = results.allResults();
            assertThat(ResultCounts.perJob(all)).hasSize(JOBS).allSatisfy((job, n) -> assertThat(n).as(job)
                    .isEqualTo(2));
            assertThat(ResultCounts.count(all.stream().map(r -> r.getJobId() + "/" + r.getTest()).toList()))
                    .allSatisfy((test, n) -> assertThat(n).as(test).isOne());
            assertThat(all).allSatisfy(r -> assertThat(r.getStatus()).as(r.getJobId() + ": " + r.getReason())
                    .isEqualTo(Status.OK));
        } finally {
            for (Process p : new Process[] {first, second}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            target.stop();
        }
    }
}
