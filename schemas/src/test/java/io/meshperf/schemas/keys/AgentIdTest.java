package io.meshperf.schemas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentIdTest {

    @Test
    void podAgentIdEndsInItsPod() {
        AgentId id = AgentId.pod("prod", "node-a", "meshperf/agent-x2k9f");

        assertThat(id).hasToString("prod/node-a/meshperf/agent-x2k9f");
        assertThat(id.network()).isEqualTo(Network.POD);
        assertThat(AgentId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void hostAgentIdEndsInHost() {
        AgentId id = AgentId.host("prod", "node-a");

        assertThat(id).hasToString("prod/node-a/host");
        assertThat(AgentId.parse("prod/node-a/host")).isEqualTo(id);
        assertThat(id.network()).isEqualTo(Network.HOST);
        assertThat(id.pod()).isNull();
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "prod/node-a;is not <cluster>/<node>/<pod|host>",
        "prod;is not <cluster>/<node>/<pod|host>",
        "/node-a/host;cluster must not be empty",
        "prod//host;node must not be empty",
        "prod/node-a/;pod '' is not namespace/name",
        "prod/node-a/agent-x2k9f;pod 'agent-x2k9f' is not namespace/name",
        "prod/node-a/meshperf/agent/x;pod name 'agent/x' must not contain '/'",
        "prod/node-a/meshperf/;pod name must not be empty",
        "prod/node a/host;node 'node a' must not contain white space",
    })
    void rejectsMalformedIds(String id, String message) {
        assertThatThrownBy(() -> AgentId.parse(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsBadParts() {
        assertThatThrownBy(() -> AgentId.pod("a/b", "n", "ns/p"))
                .hasMessageContaining("cluster 'a/b' must not contain '/'");
        assertThatThrownBy(() -> AgentId.host("c", "n/1")).hasMessageContaining("node 'n/1' must not contain '/'");
        assertThatThrownBy(() -> new AgentId("c", "n", Network.UNKNOWN, null))
                .hasMessageContaining("must be POD or HOST, not UNKNOWN");
        assertThatThrownBy(() -> new AgentId("c", "n", Network.HOST, "ns/p"))
                .hasMessageContaining("a host-network agent has no pod");
        assertThatThrownBy(() -> AgentId.parse(null)).hasMessageContaining("agent id must not be null");
    }

    @Test
    void convertsToAndFromAgentRef() {
        AgentRef ref = Fixtures.podAgent();

        AgentId id = AgentId.of(ref);

        assertThat(id.toRef(ref.getAddress())).isEqualTo(ref);
        assertThatThrownBy(() -> AgentId.of(AgentRef.newBuilder(ref).setAgentId("prod-eu1/node-b/host").build()))
                .hasMessageContaining("does not match");
    }
}
