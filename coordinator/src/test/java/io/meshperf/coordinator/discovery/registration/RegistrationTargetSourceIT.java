package io.meshperf.coordinator.discovery.registration;

import static io.meshperf.coordinator.discovery.registration.Registrations.T0;
import static io.meshperf.coordinator.discovery.registration.Registrations.hostAgent;
import static io.meshperf.coordinator.discovery.registration.Registrations.podAgent;
import static io.meshperf.coordinator.discovery.registration.Registrations.withHeartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.Node;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TargetSource;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.codec.Codecs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registration source against a real in-process Kafka broker. */
@ExtendWith(KafkaBrokerExtension.class)
class RegistrationTargetSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<byte[], byte[]> producer;

    private final MutableClock clock = new MutableClock(T0);
    private final List<TargetSet> notified = new CopyOnWriteArrayList<>();
    private String topic;
    private RegistrationTargetSource source;

    @BeforeAll
    static void createProducer(EmbeddedKafkaBroker started) {
        broker = started;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @AfterEach
    void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    private void createTopic(TestInfo test) {
        topic = "meshperf.agents." + test.getTestMethod().orElseThrow().getName();
        broker.createTopics(TopicSpec.of(topic, 3).compacted());
    }

    @Test
    void followsRegistrationsHeartbeatsTombstonesAndExpiry(TestInfo test) throws Exception {
        createTopic(test);
        AgentInfo n1pod = podAgent("n1", "10.0.1.5", T0);
        AgentInfo n1host = hostAgent("n1", T0);
        AgentInfo n2pod = podAgent("n2", "10.0.2.5", T0);
        AgentInfo n2host = hostAgent("n2", T0);
        register(n1pod);
        register(n1host);
        register(n2pod);

        start();
        assertThat(source.current().agents()).extracting(Agent::id)
                .containsExactly("lab/n1/host", "lab/n1/pod", "lab/n2/pod");
        assertThat(source.current().measurableNodes()).containsExactly("n1", "n2");

        // An agent that registers later appears.
        register(n2host);
        await().atMost(WAIT).until(() -> source.current().agent("n2", Network.HOST).isPresent());

        // Heartbeats 20 s later keep everyone (expiry 30 s) and change nothing visible.
        clock.advance(Duration.ofSeconds(20));
        register(withHeartbeat(n1pod, T0.plusSeconds(20)));
        register(withHeartbeat(n1host, T0.plusSeconds(20)));
        register(withHeartbeat(n2pod, T0.plusSeconds(20)));
        register(withHeartbeat(n2host, T0.plusSeconds(20)));

        // n2's pod agent stops cleanly.
        tombstone("lab/n2/pod");
        await().atMost(WAIT).until(() -> source.current().agent("n2", Network.POD).isEmpty());
        assertThat(source.current().agent("n2", Network.HOST)).isPresent();

        // n1 keeps heartbeating; n2's host agent goes silent and expires 30 s after its last beat.
        clock.advance(Duration.ofSeconds(20));
        register(withHeartbeat(n1pod, T0.plusSeconds(40)));
        register(withHeartbeat(n1host, T0.plusSeconds(40)));
        clock.advance(Duration.ofSeconds(11));

        // Whole-state condition: n1 may expire for a moment if the clock moves before its beats are read.
        await().atMost(WAIT).until(() -> ids().equals(List.of("lab/n1/host", "lab/n1/pod")));
        assertThat(source.current().nodes()).extracting(Node::name).containsExactly("n1");
        // Listeners hear of a set just after it becomes current.
        await().atMost(WAIT).until(() -> !notified.isEmpty()
                && notified.get(notified.size() - 1).equals(source.current()));
    }

    @Test
    void badRecordsAreSkippedAndReadingGoesOn(TestInfo test) throws Exception {
        createTopic(test);
        send("lab/n1/pod", "not avro at all".getBytes(StandardCharsets.UTF_8));
        send("lab/n9/pod", Codecs.AGENT_INFO.encode(podAgent("n1", "10.0.1.5", T0)));
        start(next -> {
            throw new IllegalStateException("listener failure for the test");
        });
        assertThat(source.current().agents()).isEmpty();

        send("lab/n1/host", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        register(podAgent("n1", "10.0.1.5", T0));

        await().atMost(WAIT).until(() -> source.current().agent("n1", Network.POD).isPresent());
        assertThat(source.current().agents()).hasSize(1);
        await().atMost(WAIT).until(() -> !notified.isEmpty()
                && notified.get(notified.size() - 1).agents().size() == 1);
    }

    @Test
    void startFailsNamingAMissingTopic() {
        source = new RegistrationTargetSource(RegistrationDiscoveryConfig.defaults("lab", broker.bootstrapServers())
                .withTopic("meshperf.agents.absent"), clock);

        assertThatThrownBy(source::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic meshperf.agents.absent does not exist on " + broker.bootstrapServers());
    }

    @Test
    void startFailsNamingAnUnreachableBroker() throws Exception {
        String nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = "127.0.0.1:" + socket.getLocalPort();
        }
        source = new RegistrationTargetSource(RegistrationDiscoveryConfig.defaults("lab", nobody)
                .withStartTimeout(Duration.ofSeconds(2)), clock);

        assertThatThrownBy(source::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read topic meshperf.agents on " + nobody);
    }

    private void start() {
        start(next -> { });
    }

    /** Starts the source with {@code first} subscribed before the recording listener. */
    private void start(TargetSource.Listener first) {
        RegistrationDiscoveryConfig config = RegistrationDiscoveryConfig.defaults("lab", broker.bootstrapServers())
                .withTopic(topic)
                .withPollTimeout(Duration.ofMillis(100));
        source = new RegistrationTargetSource(config, clock);
        source.subscribe(first);
        source.subscribe(notified::add);
        source.start();
    }

    private List<String> ids() {
        return source.current().agents().stream().map(Agent::id).toList();
    }

    private void register(AgentInfo info) throws ExecutionException, InterruptedException {
        send(info.getAgentId(), Codecs.AGENT_INFO.encode(info));
    }

    private void tombstone(String agentId) throws ExecutionException, InterruptedException {
        send(agentId, null);
    }

    private void send(String key, byte[] value) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
}
