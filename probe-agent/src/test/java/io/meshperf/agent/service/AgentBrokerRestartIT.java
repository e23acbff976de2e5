package io.meshperf.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.jobs.JobFixtures;
import io.meshperf.agent.jobs.JobPartition;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker restarts in the middle of a stream of jobs: every job still ends in exactly one result per test. */
class AgentBrokerRestartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int JOBS = 10;

    /** The agent has a job whose test is over: it is writing that job's results. */
    private static boolean publishing(AgentService agent) throws Exception {
        io.vertx.core.json.JsonObject job = new io.vertx.core.json.JsonObject(
                AgentHarness.get(agent.httpPort(), "/api/status").body()).getJsonObject("currentJob");
        return job != null && job.getString("currentTest") == null;
    }

    @Test
    void everyJobYieldsExactlyOneResultAcrossABrokerRestart() throws Exception {
        EmbeddedKafkaBroker broker = KAFKA.broker();
        AgentHarness.createTopics(broker);
        String bootstrap = broker.bootstrapServers();
        AgentId a = AgentId.host("lab", "node-a");
        AgentId b = AgentId.host("lab", "node-b");
        AgentService target = AgentHarness.start(bootstrap, b, Map.of());
        AgentService agent = AgentHarness.start(bootstrap, a, Map.of("KAFKA_TIMEOUT_MS", "2000"));
        try (AgentHarness.TopicReader results = new AgentHarness.TopicReader(bootstrap, Topics.RESULTS)) {
            AgentHarness.awaitReady(agent);
            long last = -1;
            for (int i = 0; i < JOBS; i++) {
                MeasurementJob job = JobFixtures.job("stream-" + i, a, "127.0.0.1", target.qperfPort(),
                        List.of(TestType.TCP_LAT), Instant.now(), Duration.ofMinutes(5)).build();
                last = AgentHarness.publishJob(bootstrap, a.toString(), Codecs.MEASUREMENT_JOB.encode(job));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> results.allResults().size() >= 2);

            broker.stop();
            // The agent finished a job's test and holds its results, unpublished.
            await().atMost(Duration.ofSeconds(60)).during(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(100))
                    .until(() -> publishing(agent));
            // The outage outlasts the agent's Kafka timeout (2 s), so publishing fails and is retried; the
            // agent holds the results throughout.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
                    .until(() -> publishing(agent));
            broker.start();

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
                    .until(() -> ResultCounts.perJob(results.allResults()).size() == JOBS);
            ResultCounts.awaitCommittedPast(bootstrap, a.toString(),
                    new TopicPartition(Topics.JOBS, JobPartition.of(a.toString(), AgentHarness.JOB_PARTITIONS)), last,
                    Duration.ofSeconds(60));
            List<MeasurementResult> all = results.allResults();
            assertThat(ResultCounts.perJob(all)).hasSize(JOBS).allSatisfy((job, n) -> assertThat(n).as(job).isOne());
            assertThat(all).allSatisfy(r -> assertThat(r.getStatus()).as(r.getJobId() + ": " + r.getReason())
                    .isEqualTo(Status.OK));
        } finally {
            agent.stop();
            target.stop();
        }
    }
}
