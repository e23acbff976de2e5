package io.meshperf.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates topics on any Kafka cluster through the Admin API and waits until every partition has
 * a leader, so a producer started right after does not race the metadata. Works against the
 * embedded broker and any other cluster (the Testcontainers variant of the tests uses it too).
 */
public final class Topics {

    private static final long LEADER_POLL_MS = 50;

    private Topics() {
    }

    /**
     * Creates the topics and blocks the calling thread until they have leaders.
     *
     * @throws EmbeddedKafkaException naming the topics when the cluster rejects them (already
     *     there, bad config) or the timeout passes
     */
    public static void create(String bootstrapServers, Duration timeout, Collection<TopicSpec> topics) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(topics, "topics");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("topic creation timeout must be positive, was " + timeout);
        }
        if (topics.isEmpty()) {
            return;
        }
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        List<NewTopic> newTopics = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (TopicSpec spec : topics) {
            newTopics.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                    .configs(spec.configs()));
            names.add(spec.name());
        }
        Map<String, Object> config = ReadinessProbe.adminConfig(bootstrapServers, "embedded-kafka-topics", deadlineNanos);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(newTopics).all().get(ReadinessProbe.remainingMs(deadlineNanos), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, names, deadlineNanos);
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException("creating topics " + names + " on " + bootstrapServers
                    + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("creating topics " + names + " on " + bootstrapServers
                    + " did not finish within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while creating topics " + names, e);
        }
    }

    /**
     * The controller has committed the topics when createTopics returns, but the broker learns of
     * them from the metadata log a moment later; until then it answers UNKNOWN_TOPIC_OR_PARTITION.
     */
    private static void awaitLeaders(Admin admin, List<String> names, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (!allPartitionsHaveLeaders(admin, names, deadlineNanos)) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                throw new TimeoutException("partitions of " + names + " have no leader yet");
            }
            // Normally settled within milliseconds; back off briefly rather than spin.
            TimeUnit.MILLISECONDS.sleep(LEADER_POLL_MS);
        }
    }

    private static boolean allPartitionsHaveLeaders(Admin admin, List<String> names, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(names).allTopicNames()
                    .get(ReadinessProbe.remainingMs(deadlineNanos), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return descriptions.values().stream().flatMap(d -> d.partitions().stream())
                .map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty());
    }
}
