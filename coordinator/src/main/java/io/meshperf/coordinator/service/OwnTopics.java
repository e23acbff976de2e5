package io.meshperf.coordinator.service;

import io.meshperf.schemas.settings.KafkaPassThrough;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the coordinator's two private topics when they are missing: the compacted state topic
 * and the one-partition leader topic. The shared topics (jobs, results, agents) belong to the
 * deployment and are not created here. Blocks the caller for at most the timeout.
 */
final class OwnTopics {

    private static final Logger LOG = LoggerFactory.getLogger(OwnTopics.class);

    private OwnTopics() {
    }

    /**
     * @throws IllegalStateException naming the topics when they cannot be created or checked
     */
    static void ensure(String bootstrapServers, Map<String, String> clientProperties, String stateTopic,
                       String leaderTopic, boolean withLeaderTopic, Duration timeout) {
        try (Admin admin = Admin.create(KafkaPassThrough.withPassThrough(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000L),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()), clientProperties))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(stateTopic)) {
                missing.add(new NewTopic(stateTopic, 1, (short) -1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (withLeaderTopic && !existing.contains(leaderTopic)) {
                missing.add(new NewTopic(leaderTopic, 1, (short) -1));
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                // Another replica starting at the same time may have created them first.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create topics " + stateTopic + " and " + leaderTopic
                    + " on " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
