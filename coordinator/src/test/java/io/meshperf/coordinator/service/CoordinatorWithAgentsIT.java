package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.agent.jobs.TestBudget;
import io.meshperf.agent.service.AgentService;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.ResultOrigin;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.AgentId;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator with the real probe agents, end to end on the in-process broker: three nodes on
 * loopback, each with a host-network and a pod-network agent, and a Service address in front of one
 * pod agent. The coordinator discovers them from their registrations, plans latency rounds and a
 * bandwidth slot with the default time budget per job (1 s latency tests, 1 s test overhead, 5 s
 * deadline grace, 5 s control timeout), and the agents measure for real. Then one host agent, a JVM
 * of its own, is killed with SIGKILL: the jobs it can no longer answer must become COORDINATOR
 * stand-ins, not silence.
 */
class CoordinatorWithAgentsIT {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorWithAgentsIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private static final String CLUSTER = "e2e";
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final AgentId KILLED = AgentId.host(CLUSTER, "n3");
    /**
     * Every agent's address: all agents share 127.0.0.1 and differ by port, as the lab's loopback
     * mode runs them.
     */
    private static final String LOOPBACK = "127.0.0.1";
    private static final long RESULT_GRACE_MS = 3000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void realAgentsMeasureWhatTheCoordinatorPlansAndAKilledAgentBecomesStandIns(EmbeddedKafkaBroker broker)
            throws Exception {
        TestCluster cluster = new TestCluster(broker, CLUSTER);
        Instant killedAt;
        try (LoopbackAgents agents = new LoopbackAgents(cluster, cluster.dlq);
                ResultsTail results = new ResultsTail(cluster.bootstrap, cluster.results)) {
            // The agent to be killed goes first: a JVM of its own takes longest to come up.
            agents.launch(KILLED, LOOPBACK, java.nio.file.Path.of("target", "coordinator-with-agents-it-n3.log"));
            AgentService servicePod = null;
            for (String node : NODES) {
                if (!node.equals(KILLED.node())) {
                    agents.start(AgentId.host(CLUSTER, node), LOOPBACK);
                }
                AgentService pod = agents.start(AgentId.pod(CLUSTER, node), LOOPBACK);
                servicePod = servicePod == null ? pod : servicePod;
            }
            agents.awaitReady(Duration.ofSeconds(60));
            String serviceAddress = LOOPBACK + ":" + servicePod.qperfPort();

            try (CoordinatorService coordinator = cluster.start("c", coordinatorSettings(serviceAddress))) {
                JsonObject targets = await("the plan shows the six agents and the Service").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> plan(coordinator).getJsonObject("targets"),
                                t -> t.getInteger("agents") == 6 && t.getJsonArray("measurableNodes").size() == 3);
                assertThat(targets.getJsonArray("measurableNodes").getList()).containsExactlyElementsOf(NODES);
                assertThat(targets.getJsonObject("service").getString("host")).isEqualTo("127.0.0.1");
                assertThat(targets.getJsonObject("service").getInteger("port")).isEqualTo(servicePod.qperfPort());

                awaitOrDescribe("OK latency and bandwidth results on every path", cluster, results,
                        () -> missingOk(results.poll()), Set::isEmpty);
                JsonObject plan = plan(coordinator);
                LOG.info("plan after the first measurements: {}", plan.encode());
                assertThat(plan.getString("role")).isEqualTo("LEADING");
                assertThat(plan.getJsonObject("slot").getLong("cycle")).isZero();

                assertThat(agents.kill(KILLED)).as("exit status after SIGKILL").isEqualTo(137);
                killedAt = Instant.now();
                awaitOrDescribe("a COORDINATOR stand-in for a job of the killed agent", cluster, results,
                        () -> results.poll().stream().anyMatch(isStandInFor(KILLED)), Boolean::booleanValue);
            }
            checkResults(results.poll(), killedAt, servicePod);
            checkEveryDueJobAnswered(cluster.publishedJobs(), results.poll());
            logTightestBudget(cluster.publishedJobs(), results.poll());
        }
    }

    /** The settings of the coordinator: the default time budget per job, short rounds, one slot. */
    private static String[] coordinatorSettings(String serviceAddress) {
        return new String[] {
            "--service-address", serviceAddress,
            // 3 paths x 1 peer x 2 tests x (1 s + 1 s) = 12 s must fit in 70 % of the round; 5 s grace in the rest.
            "--round-interval-ms", "18000",
            "--jitter-percent", "70",
            "--peers-per-round", "1",
            "--latency-test-duration-ms", "1000",
            "--bandwidth-test-duration-ms", "1000",
            "--test-overhead-ms", "1000",
            "--deadline-grace-ms", "5000",
            "--control-timeout-ms", "5000",
            // A 12 s slot, then 108 s of pause: the first slot runs at once, the next after the test.
            "--bandwidth-duty-cycle-percent", "10",
            "--result-grace-ms", Long.toString(RESULT_GRACE_MS),
            // Longer than the test: the killed agent stays a target, so its jobs time out.
            "--heartbeat-expiry-ms", "120000",
        };
    }

    /** What the first phase still waits for: OK latency and bandwidth results on each path. */
    private static Set<String> missingOk(List<MeasurementResult> results) {
        Set<String> seen = results.stream().filter(r -> r.getStatus() == Status.OK
                        && r.getOrigin() == ResultOrigin.AGENT)
                .map(r -> r.getPath() + "/" + r.getTest()).collect(Collectors.toSet());
        Set<String> missing = new java.util.TreeSet<>();
        for (Path path : List.of(Path.NODE_TO_NODE, Path.POD_TO_POD, Path.POD_TO_SERVICE)) {
            for (TestType test : List.of(TestType.TCP_LAT, TestType.UDP_LAT, TestType.TCP_BW, TestType.UDP_BW)) {
                missing.add(path + "/" + test);
            }
        }
        missing.removeAll(seen);
        return missing;
    }

    private static void checkResults(List<MeasurementResult> all, Instant killedAt, AgentService servicePod) {
        LOG.info("{} results: {}", all.size(), all.stream().collect(Collectors.groupingBy(
                r -> r.getOrigin() + " " + r.getStatus() + " " + r.getPath() + " " + r.getTest(),
                java.util.TreeMap::new, Collectors.counting())));
        assertThat(all).extracting(r -> r.getJobId() + "/" + r.getTest()).as("one result per test")
                .doesNotHaveDuplicates();

        List<MeasurementResult> fromAgents = all.stream().filter(r -> r.getOrigin() == ResultOrigin.AGENT).toList();
        assertThat(fromAgents).as("the agents ran every test they were given, none out of budget")
                .allSatisfy(r -> {
                    boolean aimedAtTheDeadAgent = KILLED.toString().equals(r.getTarget().getAgentId())
                            && !r.getStartedAt().isBefore(killedAt.minusSeconds(2));
                    assertThat(r.getStatus()).as("%s %s %s: %s", r.getJobId(), r.getTest(), r.getStatus(),
                            r.getReason()).isIn(aimedAtTheDeadAgent
                                    ? EnumSet.of(Status.OK, Status.REFUSED, Status.UNREACHABLE, Status.TIMEOUT)
                                    : EnumSet.of(Status.OK));
                });
        List<MeasurementResult> ok = fromAgents.stream().filter(r -> r.getStatus() == Status.OK).toList();
        assertThat(ok).filteredOn(r -> r.getTest() == TestType.TCP_LAT || r.getTest() == TestType.UDP_LAT)
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.getDurationSec()).isEqualTo(1);
                    assertThat(r.getLatencyNs()).as("latency of %s", r.getJobId()).isPositive();
                    assertThat(r.getLatency().getSamples()).as("samples of %s", r.getJobId()).isPositive();
                    assertThat(r.getLatency().getMinNs()).isPositive().isLessThanOrEqualTo(r.getLatency().getMaxNs());
                });
        assertThat(ok).filteredOn(r -> r.getTest() == TestType.TCP_BW).isNotEmpty().allSatisfy(r -> assertThat(
                r.getBwBytesPerSec()).as("bandwidth of %s", r.getJobId()).isPositive());
        assertThat(ok).filteredOn(r -> r.getTest() == TestType.UDP_BW).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getRecvBwBytesPerSec()).as("received bandwidth of %s", r.getJobId()).isPositive();
            assertThat(r.getUdpMessagesReceived()).isPositive().isLessThanOrEqualTo(r.getUdpMessagesSent());
            assertThat(r.getUdpLossRatio()).isBetween(0.0, 1.0);
        });
        assertThat(ok).filteredOn(r -> r.getPath() == Path.POD_TO_SERVICE).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getProtocolMode()).isEqualTo(ProtocolMode.SINGLE_FLOW);
            assertThat(r.getServedBy().getAgentId()).as("the pod behind the Service answered")
                    .isEqualTo(AgentId.pod(CLUSTER, "n1").toString());
            assertThat(r.getTarget().getPort()).isEqualTo(servicePod.qperfPort());
        });
        assertThat(ok).filteredOn(r -> r.getPath() != Path.POD_TO_SERVICE)
                .allSatisfy(r -> assertThat(r.getProtocolMode()).isEqualTo(ProtocolMode.QPERF));
        summarise(ok);

        List<MeasurementResult> standIns = all.stream().filter(r -> r.getOrigin() == ResultOrigin.COORDINATOR)
                .toList();
        assertThat(standIns).as("stand-ins only for the killed agent, none for a live one").isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.getSource().getAgentId()).isEqualTo(KILLED.toString());
                    assertThat(r.getStatus()).isIn(Status.TIMEOUT, Status.SKIPPED);
                    assertThat(r.getReason()).contains(KILLED.toString());
                    assertThat(r.getAgentVersion()).isEqualTo("meshperf-coordinator");
                });
    }

    /** Every published job whose deadline and result grace have passed has a result for each test. */
    private static void checkEveryDueJobAnswered(List<MeasurementJob> jobs, List<MeasurementResult> results) {
        Instant due = Instant.now().minusMillis(RESULT_GRACE_MS + 2000);
        Map<String, Set<TestType>> answered = results.stream().collect(Collectors.groupingBy(
                MeasurementResult::getJobId, Collectors.mapping(MeasurementResult::getTest, Collectors.toSet())));
        List<MeasurementJob> dueJobs = jobs.stream().filter(j -> j.getDeadline().isBefore(due)).toList();
        assertThat(dueJobs).as("jobs due by now").isNotEmpty().allSatisfy(j -> assertThat(
                answered.getOrDefault(j.getJobId(), Set.of())).as("tests of %s answered", j.getJobId())
                .containsExactlyInAnyOrderElementsOf(j.getTests()));
        LOG.info("{} jobs published, {} due, all answered", jobs.size(), dueJobs.size());
    }

    /**
     * Logs the test that started closest to its job's deadline and how much time it had to spare over
     * what the agent requires before it runs a test (else it answers SKIPPED): the margin the default
     * deadline grace and test overhead leave.
     */
    private static void logTightestBudget(List<MeasurementJob> jobs, List<MeasurementResult> results) {
        record Budget(MeasurementResult result, long afterStartMs, long beforeDeadlineMs, long neededMs) {
            long spareMs() {
                return beforeDeadlineMs - neededMs;
            }
        }
        Map<String, MeasurementJob> byId = jobs.stream().collect(Collectors.toMap(MeasurementJob::getJobId, j -> j));
        results.stream().filter(r -> r.getOrigin() == ResultOrigin.AGENT && r.getStatus() == Status.OK)
                .map(r -> new Budget(r,
                        Duration.between(byId.get(r.getJobId()).getStartNotBefore(), r.getStartedAt()).toMillis(),
                        Duration.between(r.getStartedAt(), byId.get(r.getJobId()).getDeadline()).toMillis(),
                        TestBudget.minimumMs(r.getDurationSec())))
                .min(java.util.Comparator.comparingLong(Budget::spareMs))
                .ifPresent(b -> LOG.info("tightest test: {} {} started {} ms after its job's start and {} ms before"
                        + " the job's deadline; the agent needs {} ms, so {} ms to spare", b.result().getJobId(),
                        b.result().getTest(), b.afterStartMs(), b.beforeDeadlineMs(), b.neededMs(), b.spareMs()));
    }

    private static void summarise(List<MeasurementResult> ok) {
        ok.stream().collect(Collectors.groupingBy(r -> r.getPath() + " " + r.getTest(), java.util.TreeMap::new,
                Collectors.toList())).forEach((k, rs) -> LOG.info("{}: {} OK, latency us {}, bandwidth MB/s {}", k,
                        rs.size(), rs.stream().filter(r -> r.getLatencyNs() != null)
                                .map(r -> String.format("%.1f", r.getLatencyNs() / 1000)).toList(),
                        rs.stream().filter(r -> r.getRecvBwBytesPerSec() != null)
                                .map(r -> String.format("%.0f", r.getRecvBwBytesPerSec() / 1e6)).toList()));
    }

    /** Awaits {@code done} of what {@code probe} returns; on a time-out, logs every job and its results first. */
    private static <T> T awaitOrDescribe(String alias, TestCluster cluster, ResultsTail results, Callable<T> probe,
            Predicate<T> done) {
        try {
            return await(alias).atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(probe, done);
        } catch (ConditionTimeoutException e) {
            describe(cluster.publishedJobs(), results.poll());
            throw e;
        }
    }

    /** Logs every job's timing and what became of its tests, for a failure's diagnosis. */
    private static void describe(List<MeasurementJob> jobs, List<MeasurementResult> results) {
        Map<String, List<String>> outcomes = results.stream().collect(Collectors.groupingBy(
                MeasurementResult::getJobId, Collectors.mapping(r -> r.getTest() + " " + r.getOrigin() + " "
                        + r.getStatus() + " " + r.getStartedAt() + ".." + r.getEndedAt()
                        + (r.getReason() == null ? "" : " (" + r.getReason() + ")"), Collectors.toList())));
        for (MeasurementJob j : jobs) {
            LOG.info("job {} issued {} start {} deadline {} control timeout {} ms: {}", j.getJobId(), j.getIssuedAt(),
                    j.getStartNotBefore(), j.getDeadline(), j.getControlTimeoutMs(),
                    outcomes.getOrDefault(j.getJobId(), List.of()));
        }
    }

    private static Predicate<MeasurementResult> isStandInFor(AgentId agent) {
        return r -> r.getOrigin() == ResultOrigin.COORDINATOR && agent.toString().equals(r.getSource().getAgentId());
    }

    private static JsonObject plan(CoordinatorService coordinator) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + coordinator.httpPort() + "/api/v1/plan")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body());
    }
}
