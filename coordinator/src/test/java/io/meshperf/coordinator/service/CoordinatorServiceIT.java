package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.planning.SlotId;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ResultOrigin;
import io.meshperf.schemas.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The coordinator service on the real in-process broker with test-double agents ({@link FakeAgents}):
 * rounds and slots flow, each slot waits for the previous one, silent agents become TIMEOUT data,
 * departed agents' jobs are closed, and a restart continues from the topics.
 */
class CoordinatorServiceIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

    @Test
    void roundsAndSlotsFlowAndEachSlotWaitsForTheOneBefore(EmbeddedKafkaBroker broker) throws Exception {
        TestCluster cluster = new TestCluster(broker, "flow");
        Map<String, Instant> answered = new HashMap<>();
        try (FakeAgents agents = cluster.agents(NODES); CoordinatorService coordinator = cluster.start("a")) {
            await().atMost(WAIT).until(() -> Published.slots(cluster.publishedJobs()).size() >= 5
                    && Published.rounds(cluster.publishedJobs()).size() >= 2);
            agents.seen().forEach(s -> answered.put(s.job().getJobId(), s.answeredAt()));
            assertThat(coordinator.isLeading()).isTrue();
        }
        List<MeasurementJob> jobs = cluster.publishedJobs();
        assertThat(jobs).extracting(MeasurementJob::getJobId).doesNotHaveDuplicates();
        assertThat(jobs).allSatisfy(j -> assertThat(j.getSource().getAgentId()).startsWith("flow/"));

        TreeMap<Long, List<MeasurementJob>> slots = Published.slots(jobs);
        Long previous = null;
        Set<String> firstCyclePairs = new HashSet<>();
        for (Map.Entry<Long, List<MeasurementJob>> slot : slots.entrySet()) {
            Published.noNodeTwiceIn(slot.getValue());
            Instant issued = Published.issuedOnce(slot.getValue());
            if (SlotId.fromNumber(slot.getKey()).cycle() == 0) {
                slot.getValue().forEach(j -> firstCyclePairs.add(pair(j)));
            }
            if (previous != null) {
                List<MeasurementJob> before = slots.get(previous);
                Instant lastAnswer = before.stream().map(j -> answered.get(j.getJobId()))
                        .filter(a -> a != null).max(Instant::compareTo).orElse(Instant.MAX);
                Instant over = lastAnswer.isBefore(Published.lastDeadline(before)) ? lastAnswer
                        : Published.lastDeadline(before);
                assertThat(issued).as("slot %s issued after slot %s was over", slot.getKey(), previous)
                        .isAfterOrEqualTo(over);
            }
            previous = slot.getKey();
        }
        assertThat(slots.firstKey()).isZero();
        assertThat(firstCyclePairs).as("one cycle of 4 nodes meets every pair").hasSize(6);

        Published.rounds(jobs).values().forEach(Published::issuedOnce);
        Published.eachRoundAndSlotOnce(cluster.checkpoints());
        assertThat(cluster.publishedResults()).extracting(MeasurementResult::getOrigin).containsOnly(ResultOrigin.AGENT);
    }

    @Test
    void aSilentAgentShowsUpAsCoordinatorTimeouts(EmbeddedKafkaBroker broker) throws Exception {
        TestCluster cluster = new TestCluster(broker, "silent");
        try (FakeAgents agents = cluster.agents(NODES)) {
            agents.silence("n4");
            try (CoordinatorService coordinator = cluster.start("a")) {
                await().atMost(WAIT).until(() -> cluster.publishedResults().stream()
                        .filter(r -> r.getOrigin() == ResultOrigin.COORDINATOR).map(r -> r.getTest().name())
                        .distinct().count() == 4);
            }
        }
        List<MeasurementResult> results = cluster.publishedResults();
        List<MeasurementResult> standIns = results.stream().filter(r -> r.getOrigin() == ResultOrigin.COORDINATOR)
                .toList();
        assertThat(standIns).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.TIMEOUT);
            assertThat(r.getSource().getNode()).isEqualTo("n4");
            assertThat(r.getAgentVersion()).isEqualTo("meshperf-coordinator");
        });
        assertThat(results).extracting(r -> r.getJobId() + "/" + r.getTest()).as("one result per test")
                .doesNotHaveDuplicates();

        TreeMap<Long, List<MeasurementJob>> slots = Published.slots(cluster.publishedJobs());
        Long previous = null;
        for (Map.Entry<Long, List<MeasurementJob>> slot : slots.entrySet()) {
            if (previous != null && slots.get(previous).stream().anyMatch(j -> j.getSource().getNode().equals("n4"))) {
                assertThat(Published.issuedOnce(slot.getValue())).as("a slot waiting on a silent agent runs to its deadline")
                        .isAfterOrEqualTo(Published.lastDeadline(slots.get(previous)));
            }
            previous = slot.getKey();
        }
    }

    @Test
    void anAgentThatLeavesHasItsOpenJobsSkipped(EmbeddedKafkaBroker broker) throws Exception {
        TestCluster cluster = new TestCluster(broker, "leave");
        Instant left;
        try (FakeAgents agents = cluster.agents(NODES)) {
            agents.silence("n4");
            try (CoordinatorService coordinator = cluster.start("a", "--result-grace-ms", "60000")) {
                await().atMost(WAIT).until(() -> agents.seen().stream()
                        .anyMatch(s -> s.job().getSource().getNode().equals("n4")));
                agents.deregister(cluster.agents, "n4");
                left = Instant.now();
                await().atMost(WAIT).until(() -> cluster.publishedResults().stream()
                        .anyMatch(r -> r.getStatus() == Status.SKIPPED));
                await().atMost(WAIT).until(() -> coordinator.plan().getJsonObject("targets").getJsonArray(
                        "measurableNodes").size() == 3 && Published.rounds(cluster.publishedJobs()).size() >= 3);
            }
        }
        List<MeasurementResult> standIns = cluster.publishedResults().stream()
                .filter(r -> r.getOrigin() == ResultOrigin.COORDINATOR).toList();
        assertThat(standIns).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.SKIPPED);
            assertThat(r.getReason()).contains("left the cluster");
            assertThat(r.getSource().getNode()).isEqualTo("n4");
        });
        Instant settled = left.plusSeconds(2);
        assertThat(cluster.publishedJobs()).filteredOn(j -> j.getIssuedAt().isAfter(settled))
                .isNotEmpty()
                .allSatisfy(j -> assertThat(List.of(j.getSource().getNode(), String.valueOf(j.getTarget().getNode())))
                        .doesNotContain("n4"));
    }

    @Test
    void aRestartedCoordinatorContinuesFromTheTopics(EmbeddedKafkaBroker broker) throws Exception {
        TestCluster cluster = new TestCluster(broker, "restart");
        long lastRoundOfA;
        long lastSlotOfA;
        try (FakeAgents agents = cluster.agents(NODES)) {
            try (CoordinatorService first = cluster.start("a")) {
                await().atMost(WAIT).until(() -> Published.slots(cluster.publishedJobs()).size() >= 4
                        && Published.rounds(cluster.publishedJobs()).size() >= 2);
            }
            List<MeasurementJob> beforeRestart = cluster.publishedJobs();
            lastRoundOfA = Published.rounds(beforeRestart).lastKey();
            lastSlotOfA = Published.slots(beforeRestart).lastKey();
            try (CoordinatorService second = cluster.start("b")) {
                await().atMost(WAIT).until(() -> Published.rounds(cluster.publishedJobs()).lastKey() >= lastRoundOfA + 2
                        && Published.slots(cluster.publishedJobs()).lastKey() > lastSlotOfA + 2);
            }
        }
        List<MeasurementJob> jobs = cluster.publishedJobs();
        assertThat(jobs).extracting(MeasurementJob::getJobId).as("nothing published twice").doesNotHaveDuplicates();
        Published.rounds(jobs).values().forEach(Published::issuedOnce);
        Published.eachRoundAndSlotOnce(cluster.checkpoints());
        TreeMap<Long, List<MeasurementJob>> slots = Published.slots(jobs);
        slots.values().forEach(Published::issuedOnce);
        SlotId lastOfA = SlotId.fromNumber(lastSlotOfA);
        SlotId firstOfB = SlotId.fromNumber(slots.higherKey(lastSlotOfA));
        assertThat(firstOfB).as("the tournament continues where it stood")
                .isIn(new SlotId(lastOfA.cycle(), lastOfA.index() + 1), new SlotId(lastOfA.cycle() + 1, 0));
        assertThat(cluster.checkpoints()).extracting(c -> c.writtenBy()).contains("a", "b");
        assertThat(cluster.publishedResults()).extracting(MeasurementResult::getOrigin)
                .as("the restarted coordinator saw the answers given before it started: no stand-in")
                .containsOnly(ResultOrigin.AGENT);
    }

    private static String pair(MeasurementJob j) {
        String a = j.getSource().getNode();
        String b = j.getTarget().getNode();
        return a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a;
    }
}
