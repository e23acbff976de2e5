package io.meshperf.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.jobs.JobFixtures;
import io.meshperf.agent.jobs.JobRun;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.Topics;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ordered stop: tombstone, nothing left behind, an abandoned test answered, a stop without a broker. */
class AgentStopIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static String bootstrap;

    @BeforeAll
    static void topics() {
        AgentHarness.createTopics(KAFKA.broker());
        bootstrap = KAFKA.broker().bootstrapServers();
    }

    private static List<String> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("meshperf-") || n.startsWith("vert.x-") || n.contains("meshperf-agent"))
                .toList();
    }

    private static void assertPortFree(int port) throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void gracefulStopDeregistersAndLeavesNoThreadOrPortBehind() throws Exception {
        AgentId c = AgentId.host("lab", "node-c");
        AgentService agent = AgentHarness.start(bootstrap, c, Map.of());
        AgentHarness.awaitReady(agent);
        int qperfPort = agent.qperfPort();
        int httpPort = agent.httpPort();
        try (AgentHarness.TopicReader agents = new AgentHarness.TopicReader(bootstrap, Topics.AGENTS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.registration(c.toString()),
                    r -> r.isPresent() && r.get().isPresent());

            long t0 = System.nanoTime();
            agent.stop();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;

            assertThat(stopMs).as("stop is bounded by STOP_TIMEOUT_MS").isLessThan(30_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.registration(c.toString()),
                    r -> r.isPresent() && r.get().isEmpty());
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(agentThreads()).isEmpty());
        assertPortFree(qperfPort);
        assertPortFree(httpPort);
    }

    @Test
    void aTestStillRunningAfterTheGraceIsAbandonedAndAnsweredOnce() throws Exception {
        AgentId d = AgentId.host("lab", "node-d");
        AgentId e = AgentId.host("lab", "node-e");
        AgentService target = AgentHarness.start(bootstrap, e, Map.of());
        AgentService agent = AgentHarness.start(bootstrap, d, Map.of("STOP_TEST_GRACE_MS", "300"));
        try (AgentHarness.TopicReader results = new AgentHarness.TopicReader(bootstrap, Topics.RESULTS)) {
            AgentHarness.awaitReady(agent);
            MeasurementJob job = JobFixtures.job("long-1", d, "127.0.0.1", target.qperfPort(),
                    List.of(TestType.TCP_LAT, TestType.TCP_BW), Instant.now(), Duration.ofMinutes(2))
                    .setDurationMs(6000).build();
            AgentHarness.publishJob(bootstrap, d.toString(), Codecs.MEASUREMENT_JOB.encode(job));
            await().atMost(Duration.ofSeconds(60)).until(() -> target.server().activeSessions() > 0);
            JsonObject status = new JsonObject(AgentHarness.get(agent.httpPort(), "/api/status").body());
            assertThat(status.getJsonObject("currentJob").getString("currentTest")).isEqualTo("TCP_LAT");

            agent.stop();

            List<MeasurementResult> got = results.awaitResults("long-1", 2, Duration.ofSeconds(30));
            assertThat(got).extracting(MeasurementResult::getStatus).containsExactly(Status.ERROR, Status.ERROR);
            assertThat(got).extracting(MeasurementResult::getReason).containsOnly(JobRun.STOPPING);
            // The abandoned test ends at its own bound; its late result must not appear.
            await().atMost(Duration.ofSeconds(30)).until(() -> target.server().activeSessions() == 0);
            // Only the target's own measurement thread is left.
            await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed("meshperf-agent-measure") == 1);
            assertThat(results.results("long-1")).hasSize(2);
        } finally {
            agent.stop();
            target.stop();
        }
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals(name))
                .count();
    }

    @Test
    void withoutABrokerTheAgentServesButIsNotReadyAndStillStopsInBoundedTime() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        AgentService agent = AgentHarness.start("127.0.0.1:" + deadPort, AgentId.host("lab", "node-f"),
                Map.of("KAFKA_TIMEOUT_MS", "2000", "STOP_TEST_GRACE_MS", "1000", "STOP_TIMEOUT_MS", "15000"));
        try {
            HttpResponse<String> ready = AgentHarness.get(agent.httpPort(), "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(ready.body()).getMap()).containsEntry("ready", false)
                    .containsEntry("serving", true).containsEntry("registered", false)
                    .containsEntry("consuming", false);
            assertThat(AgentHarness.get(agent.httpPort(), "/healthz").statusCode()).isEqualTo(200);
        } finally {
            long t0 = System.nanoTime();
            agent.stop();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        }
    }
}
