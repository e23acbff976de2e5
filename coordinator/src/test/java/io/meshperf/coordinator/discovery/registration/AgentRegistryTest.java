package io.meshperf.coordinator.discovery.registration;

import static io.meshperf.coordinator.discovery.registration.Registrations.T0;
import static io.meshperf.coordinator.discovery.registration.Registrations.agent;
import static io.meshperf.coordinator.discovery.registration.Registrations.hostAgent;
import static io.meshperf.coordinator.discovery.registration.Registrations.podAgent;
import static io.meshperf.coordinator.discovery.registration.Registrations.withHeartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.Network;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentRegistryTest {

    private final AgentRegistry registry = new AgentRegistry("lab", Duration.ofSeconds(30));

    @Test
    void keepsTheLatestRegistrationPerAgent() {
        registry.apply("lab/n1/pod", podAgent("n1", "10.0.1.5", T0));
        registry.apply("lab/n1/pod", podAgent("n1", "10.0.1.6", T0.plusSeconds(10)));
        registry.apply("lab/n1/host", hostAgent("n1", T0));

        assertThat(registry.agents()).extracting(AgentInfo::getAgentId).containsExactly("lab/n1/host", "lab/n1/pod");
        assertThat(registry.agents().get(1).getPodIp()).isEqualTo("10.0.1.6");
    }

    @Test
    void aTombstoneRemovesTheAgent() {
        registry.apply("lab/n1/pod", podAgent("n1", "10.0.1.5", T0));
        registry.apply("lab/n2/pod", podAgent("n2", "10.0.2.5", T0));

        assertThat(registry.apply("lab/n1/pod", null)).isTrue();

        assertThat(registry.agents()).extracting(AgentInfo::getAgentId).containsExactly("lab/n2/pod");
    }

    @Test
    void aTombstoneForAnUnknownAgentChangesNothing() {
        registry.apply("lab/n1/pod", podAgent("n1", "10.0.1.5", T0));

        registry.apply("lab/n9/pod", null);

        assertThat(registry.agents()).hasSize(1);
    }

    @Test
    void anAgentExpiresOnlyWhenItsHeartbeatIsOlderThanTheExpiry() {
        registry.apply("lab/n1/pod", podAgent("n1", "10.0.1.5", T0));
        registry.apply("lab/n2/pod", podAgent("n2", "10.0.2.5", T0.plusSeconds(20)));

        assertThat(registry.expire(T0.plusSeconds(30))).isEmpty();
        assertThat(registry.expire(T0.plusSeconds(30).plusMillis(1))).containsExactly("lab/n1/pod");
        assertThat(registry.agents()).extracting(AgentInfo::getAgentId).containsExactly("lab/n2/pod");
        assertThat(registry.expire(T0.plusSeconds(51))).containsExactly("lab/n2/pod");
        assertThat(registry.agents()).isEmpty();
    }

    @Test
    void aHeartbeatKeepsAnAgentAliveAndAnExpiredAgentReturnsWhenItHeartbeatsAgain() {
        AgentInfo n1 = podAgent("n1", "10.0.1.5", T0);
        registry.apply("lab/n1/pod", n1);
        registry.apply("lab/n1/pod", withHeartbeat(n1, T0.plusSeconds(25)));
        assertThat(registry.expire(T0.plusSeconds(50))).isEmpty();

        assertThat(registry.expire(T0.plusSeconds(56))).containsExactly("lab/n1/pod");
        registry.apply("lab/n1/pod", withHeartbeat(n1, T0.plusSeconds(60)));
        assertThat(registry.agents()).hasSize(1);
    }

    @Test
    void registrationsOfOtherClustersAreIgnored() {
        AgentInfo other = AgentInfo.newBuilder(podAgent("n1", "10.0.1.5", T0))
                .setAgentId("prod/n1/pod").setCluster("prod").build();

        assertThat(registry.apply("prod/n1/pod", other)).isFalse();
        assertThat(registry.apply("prod/n1/pod", null)).isFalse();
        assertThat(registry.agents()).isEmpty();
    }

    static Stream<Arguments> inconsistentRecords() {
        AgentInfo good = podAgent("n1", "10.0.1.5", T0);
        return Stream.of(
                Arguments.of(null, good, "no key"),
                Arguments.of("lab/n2/pod", good, "differs from its agentId"),
                Arguments.of("lab/n1/pod", agent("lab/n1/pod", "n/1", Network.POD, "10.0.1.5", null, T0),
                        "without '/'"),
                Arguments.of("lab/other/pod", agent("lab/other/pod", "n1", Network.POD, "10.0.1.5", null, T0),
                        "does not start with <cluster>/<node>/"),
                Arguments.of("lab/n1/pod", agent("lab/n1/pod", "n1", Network.UNKNOWN, "10.0.1.5", null, T0),
                        "must be POD or HOST"),
                Arguments.of("lab/n1/pod", agent("lab/n1/pod", "n1", Network.POD, null, null, T0),
                        "neither podIp nor nodeIp"),
                Arguments.of("lab/n1/pod", AgentInfo.newBuilder(good).setQperfPort(0).build(), "qperfPort 0"),
                Arguments.of("lab/n1/pod", AgentInfo.newBuilder(good).setPod(" ").build(), "blank pod"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("inconsistentRecords")
    void inconsistentRecordsAreRejectedWithTheReason(String key, AgentInfo value, String reason) {
        assertThatThrownBy(() -> registry.apply(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
        assertThat(registry.agents()).isEmpty();
    }
}
