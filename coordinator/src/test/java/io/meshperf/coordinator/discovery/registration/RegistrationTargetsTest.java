package io.meshperf.coordinator.discovery.registration;

import static io.meshperf.coordinator.discovery.registration.Registrations.T0;
import static io.meshperf.coordinator.discovery.registration.Registrations.agent;
import static io.meshperf.coordinator.discovery.registration.Registrations.hostAgent;
import static io.meshperf.coordinator.discovery.registration.Registrations.podAgent;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.Node;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.Network;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationTargetsTest {

    @Test
    void nodesComeFromTheirAgentsAndEachAgentIsReachedInItsNetwork() {
        TargetSet set = RegistrationTargets.assemble("lab", List.of(
                podAgent("n1", "10.0.1.5", T0), hostAgent("n1", T0), podAgent("n2", "10.0.2.5", T0)),
                Optional.empty());

        assertThat(set.nodes()).containsExactly(
                new Node("n1", "zone-n1", "region-1", true, true),
                new Node("n2", "zone-n2", "region-1", true, true));
        assertThat(set.agents()).containsExactly(
                new Agent("lab/n1/host", "n1", Network.HOST, null, "192.168.0.1", 19765, true),
                new Agent("lab/n1/pod", "n1", Network.POD, null, "10.0.1.5", 19765, true),
                new Agent("lab/n2/pod", "n2", Network.POD, null, "10.0.2.5", 19765, true));
        assertThat(set.service()).isEmpty();
    }

    @Test
    void aRestartedAgentUnderANewIdReplacesTheOldOneOnItsNode() {
        AgentInfo old = agent("lab/n1/meshperf/agent-old", "n1", Network.POD, "10.0.1.5", null, T0);
        AgentInfo restarted = agent("lab/n1/meshperf/agent-new", "n1", Network.POD, "10.0.1.9", null,
                T0.plusSeconds(5));

        TargetSet set = RegistrationTargets.assemble("lab", List.of(restarted, old), Optional.empty());

        assertThat(set.agents()).singleElement().extracting(Agent::id, Agent::address)
                .containsExactly("lab/n1/pod", "10.0.1.9");
    }

    @Test
    void aConfiguredServiceIsReadyThoughItsBackendsAreUnknown() {
        TargetSet set = RegistrationTargets.assemble("lab", List.of(podAgent("n1", "10.0.1.5", T0)),
                Optional.of(ServiceAddress.parse("10.96.0.10:19765")));

        assertThat(set.service()).contains(AgentService.unlisted("10.96.0.10:19765", "10.96.0.10", 19765));
        assertThat(set.readyService()).isNotNull();
    }

    @Test
    void noAgentsMeansAnEmptyCluster() {
        assertThat(RegistrationTargets.assemble("lab", List.of(), Optional.empty())).isEqualTo(TargetSet.empty("lab"));
    }
}
