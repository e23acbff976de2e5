package io.meshperf.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.jobs.JobFixtures;
import io.meshperf.agent.jobs.JobPartition;
import io.meshperf.agent.jobs.TestBudget;
import io.meshperf.agent.results.DeadLetterHeaders;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.ResultKey;
import io.meshperf.schemas.keys.Topics;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two agents on one real broker: A runs jobs against B's server. Jobs for other agents in A's
 * partition, late jobs, unreachable targets and undecodable records, and the HTTP endpoints.
 */
class AgentPipelineIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final AgentId A = AgentId.host("lab", "node-a");
    static final AgentId B = AgentId.pod("lab", "node-b");
    static String bootstrap;
    static AgentService agentA;
    static AgentService agentB;
    static AgentHarness.TopicReader results;

    @BeforeAll
    static void startAgents() throws Exception {
        EmbeddedKafkaBroker broker = KAFKA.broker();
        AgentHarness.createTopics(broker);
        bootstrap = broker.bootstrapServers();
        agentA = AgentHarness.start(bootstrap, A, Map.of());
        agentB = AgentHarness.start(bootstrap, B, Map.of());
        AgentHarness.awaitReady(agentA);
        AgentHarness.awaitReady(agentB);
        results = new AgentHarness.TopicReader(bootstrap, Topics.RESULTS);
    }

    @AfterAll
    static void stopAgents() {
        if (results != null) {
            results.close();
        }
        if (agentA != null) {
            agentA.stop();
        }
        if (agentB != null) {
            agentB.stop();
        }
    }

    private static MeasurementJob.Builder jobForA(String jobId, int port, List<TestType> tests) {
        return JobFixtures.job(jobId, A, "127.0.0.1", port, tests, Instant.now(), Duration.ofMinutes(2));
    }

    private static long publish(MeasurementJob job) throws Exception {
        return AgentHarness.publishJob(bootstrap, job.getSource().getAgentId(), Codecs.MEASUREMENT_JOB.encode(job));
    }

    /** An agent id that is not A's but whose jobs share A's partition. */
    private static AgentId neighbourOfA() {
        int mine = JobPartition.of(A.toString(), AgentHarness.JOB_PARTITIONS);
        for (int i = 0; ; i++) {
            AgentId other = AgentId.host("lab", "node-x" + i);
            if (JobPartition.of(other.toString(), AgentHarness.JOB_PARTITIONS) == mine) {
                return other;
            }
        }
    }

    @Test
    void aJobYieldsOneOkResultPerTestWithPlausibleFiguresAndOtherAgentsJobsAreNotRun() throws Exception {
        AgentId neighbour = neighbourOfA();
        MeasurementJob foreign = JobFixtures.job("foreign-1", neighbour, "127.0.0.1", agentB.qperfPort(),
                List.of(TestType.TCP_LAT), Instant.now(), Duration.ofMinutes(2)).build();
        publish(foreign);
        MeasurementJob job = jobForA("full-1", agentB.qperfPort(), JobFixtures.ALL_TESTS).build();
        publish(job);

        List<MeasurementResult> got = results.awaitResults("full-1", 4, Duration.ofSeconds(90));

        assertThat(got).extracting(MeasurementResult::getTest).containsExactlyElementsOf(JobFixtures.ALL_TESTS);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.getStatus()).as(r.getTest() + ": " + r.getReason()).isEqualTo(Status.OK);
            assertThat(r.getServedBy().getAgentId()).isEqualTo(B.toString());
            assertThat(r.getSource().getAgentId()).isEqualTo(A.toString());
            assertThat(r.getDurationSec()).isEqualTo(1);
            assertThat(r.getConcurrentSessions()).as("nobody tested A meanwhile").isZero();
        });
        assertThat(got.get(0).getBwBytesPerSec()).as("tcp_bw over loopback").isGreaterThan(1e6);
        assertThat(got.get(1).getLatencyNs()).as("tcp_lat over loopback").isBetween(1e2, 1e8);
        assertThat(got.get(1).getLatency().getSamples()).isPositive();
        assertThat(got.get(2).getUdpMessagesReceived()).isPositive();
        assertThat(got.get(2).getRecvBwBytesPerSec()).isPositive();
        assertThat(got.get(3).getLatencyNs()).as("udp_lat over loopback").isBetween(1e2, 1e8);
        // The foreign job was earlier in the same partition, so A has passed it by now without running it.
        assertThat(results.results("foreign-1")).isEmpty();
        assertThat(results.poll()).filteredOn(r -> Codecs.MEASUREMENT_RESULT.decode(r.value()).getJobId()
                .equals("full-1")).allSatisfy(r -> assertThat(r.key()).isEqualTo(
                        ResultKey.of(got.get(0)).toString()));
    }

    @Test
    void aJobPastItsDeadlineIsReportedSkipped() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofMinutes(10));
        MeasurementJob late = JobFixtures.job("late-1", A, "127.0.0.1", agentB.qperfPort(),
                List.of(TestType.TCP_BW, TestType.TCP_LAT), issued, Duration.ofMinutes(1)).build();
        publish(late);

        List<MeasurementResult> got = results.awaitResults("late-1", 2, Duration.ofSeconds(60));

        assertThat(got).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.SKIPPED);
            assertThat(r.getReason()).contains("passed before the job was taken");
        });
    }

    @Test
    void aClosedPortIsRefusedAndASilentServerTimesOutWithinTheJobsTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // Connections complete in the kernel's backlog, but nothing ever answers.
            publish(jobForA("refused-1", closed, List.of(TestType.TCP_LAT)).setControlTimeoutMs(1000).build());
            publish(jobForA("silent-1", silent.getLocalPort(), List.of(TestType.TCP_LAT)).setControlTimeoutMs(1000)
                    .build());

            MeasurementResult refused = results.awaitResults("refused-1", 1, Duration.ofSeconds(60)).get(0);
            MeasurementResult silentResult = results.awaitResults("silent-1", 1, Duration.ofSeconds(60)).get(0);

            assertThat(refused.getStatus()).as(refused.getReason()).isEqualTo(Status.REFUSED);
            assertThat(silentResult.getStatus()).as(silentResult.getReason()).isEqualTo(Status.TIMEOUT);
            for (MeasurementResult r : List.of(refused, silentResult)) {
                assertThat(Duration.between(r.getStartedAt(), r.getEndedAt()).toMillis())
                        .isLessThanOrEqualTo(TestBudget.worstCaseMs(1, 1));
            }

            // A 5 s control timeout would overrun a deadline 9 s away: the agent shrinks it to fit.
            MeasurementJob tight = JobFixtures.job("tight-silent-1", A, "127.0.0.1", silent.getLocalPort(),
                    List.of(TestType.TCP_LAT), Instant.now(), Duration.ofSeconds(9)).setControlTimeoutMs(5000).build();
            publish(tight);
            MeasurementResult t = results.awaitResults("tight-silent-1", 1, Duration.ofSeconds(60)).get(0);
            assertThat(t.getStatus()).as(t.getReason()).isIn(Status.TIMEOUT, Status.SKIPPED);
            assertThat(t.getEndedAt()).isBeforeOrEqualTo(tight.getDeadline());
        }
    }

    @Test
    void anUndecodableJobGoesToTheDeadLetterTopicAndTheAgentGoesOn() throws Exception {
        byte[] garbage = "not an avro job".getBytes(StandardCharsets.UTF_8);
        long offset = AgentHarness.publishJob(bootstrap, A.toString(), garbage);
        publish(jobForA("after-garbage-1", agentB.qperfPort(), List.of(TestType.TCP_LAT)).build());

        assertThat(results.awaitResults("after-garbage-1", 1, Duration.ofSeconds(60)).get(0).getStatus())
                .isEqualTo(Status.OK);
        try (AgentHarness.TopicReader dlq = new AgentHarness.TopicReader(bootstrap, Topics.DLQ)) {
            ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(30))
                    .until(dlq::poll, l -> !l.isEmpty()).get(0);
            assertThat(dead.key()).isEqualTo(A.toString());
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.JOBS);
            assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(offset));
            assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo(
                    Integer.toString(JobPartition.of(A.toString(), AgentHarness.JOB_PARTITIONS)));
            assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("NOT_SINGLE_OBJECT");
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void httpEndpointsAnswerAsSpecified() throws Exception {
        publish(jobForA("http-1", agentB.qperfPort(), List.of(TestType.TCP_LAT)).build());
        results.awaitResults("http-1", 1, Duration.ofSeconds(60));
        int port = agentA.httpPort();

        HttpResponse<String> health = AgentHarness.get(port, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("ok");

        HttpResponse<String> ready = AgentHarness.get(port, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getMap()).containsEntry("serving", true)
                .containsEntry("registered", true).containsEntry("consuming", true);

        String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> AgentHarness.get(port, "/metrics").body(),
                m -> m.contains("meshperf_agent_jobs_lag_records 0"));
        assertThat(metrics).contains("meshperf_agent_tests_total{path=\"NODE_TO_NODE\",status=\"OK\",test=\"TCP_LAT\"}")
                .contains("meshperf_agent_test_duration_seconds_count{")
                .contains("meshperf_agent_sessions_served_total")
                .contains("jvm_memory_used_bytes")
                .doesNotContain("127.0.0.1");

        JsonObject status = new JsonObject(AgentHarness.get(port, "/api/status").body());
        assertThat(status.getJsonObject("identity").getString("agentId")).isEqualTo(A.toString());
        assertThat(status.getJsonObject("identity").getInteger("qperfPort")).isEqualTo(agentA.qperfPort());
        assertThat(status.getJsonArray("lastResults").stream().map(o -> ((JsonObject) o).getString("jobId")))
                .contains("http-1");

        HttpResponse<String> missing = AgentHarness.get(port, "/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void registrationCarriesTheBoundPorts() throws Exception {
        try (AgentHarness.TopicReader agents = new AgentHarness.TopicReader(bootstrap, Topics.AGENTS)) {
            var info = await().atMost(Duration.ofSeconds(30)).until(() -> agents.registration(B.toString()),
                    r -> r.isPresent() && r.get().isPresent()).get().get();
            assertThat(info.getQperfPort()).isEqualTo(agentB.qperfPort());
            assertThat(info.getHttpPort()).isEqualTo(agentB.httpPort());
            assertThat(info.getPod()).isEqualTo("meshperf/agent-node-b");
            assertThat(info.getNetwork().name()).isEqualTo("POD");
        }
    }
}
