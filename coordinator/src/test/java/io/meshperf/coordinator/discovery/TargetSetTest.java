package io.meshperf.coordinator.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Network;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetSetTest {

    private static final Node A = Node.ready("a");
    private static final Node B = Node.ready("b");

    private static Agent agent(String id, String node, Network network) {
        return new Agent(id, node, network, null, "10.0.0.1", 19765, true);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("blank cluster", (Runnable) () -> TargetSet.empty(" "), "cluster name must not be blank"),
                Arguments.of("cluster with slash", (Runnable) () -> TargetSet.empty("a/b"),
                        "cluster name must not contain '/'"),
                Arguments.of("node with slash", (Runnable) () -> Node.ready("x/y"), "node name must not contain '/'"),
                Arguments.of("null zone", (Runnable) () -> new Node("a", null, "", true, true), "zone of node a"),
                Arguments.of("agent port 0", (Runnable) () -> new Agent("c/a/pod", "a", Network.POD, null, "1.2.3.4", 0,
                        true), "port of agent c/a/pod must be a TCP port"),
                Arguments.of("agent network UNKNOWN", (Runnable) () -> agent("c/a/pod", "a", Network.UNKNOWN),
                        "network of agent c/a/pod must be POD or HOST"),
                Arguments.of("blank address", (Runnable) () -> new Agent("c/a/pod", "a", Network.POD, null, "", 1, true),
                        "address of agent c/a/pod must not be blank"),
                Arguments.of("duplicate node", (Runnable) () -> new TargetSet("c", List.of(A, A), List.of(), null),
                        "duplicate node name a"),
                Arguments.of("agent on unknown node", (Runnable) () -> new TargetSet("c", List.of(A),
                        List.of(agent("c/b/pod", "b", Network.POD)), null), "agent c/b/pod is on unknown node b"),
                Arguments.of("agent id against convention", (Runnable) () -> new TargetSet("c", List.of(A),
                        List.of(agent("c/a/x", "a", Network.POD)), null), "agent id c/a/x must be c/a/pod"),
                Arguments.of("agent id of other network", (Runnable) () -> new TargetSet("c", List.of(A),
                        List.of(agent("c/a/pod", "a", Network.HOST)), null), "agent id c/a/pod must be c/a/host"),
                Arguments.of("duplicate agent", (Runnable) () -> new TargetSet("c", List.of(A),
                        List.of(agent("c/a/pod", "a", Network.POD), agent("c/a/pod", "a", Network.POD)), null),
                        "duplicate agent id c/a/pod"),
                Arguments.of("null node", (Runnable) () -> new TargetSet("c", java.util.Arrays.asList(A, null),
                        List.of(), null), "nodes and agents of cluster c must not contain null"),
                Arguments.of("service port", (Runnable) () -> new AgentService("ns/s", "10.96.0.1", 70000, List.of()),
                        "port of service ns/s"),
                Arguments.of("service without host", (Runnable) () -> new AgentService("ns/s", " ", 1, List.of()),
                        "host of service ns/s must not be blank"),
                Arguments.of("backend node", (Runnable) () -> new ServiceBackend("ns/p", "", "1.1.1.1"),
                        "node of service backend ns/p"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidInputNamingTheCulprit(String name, Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void sortsNodesAndAgentsSoThatOrderOfDiscoveryDoesNotMatter() {
        Agent podB = agent("c/b/pod", "b", Network.POD);
        Agent hostA = agent("c/a/host", "a", Network.HOST);
        TargetSet one = new TargetSet("c", List.of(B, A), List.of(podB, hostA), null);
        TargetSet two = new TargetSet("c", List.of(A, B), List.of(hostA, podB), null);
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one.nodes()).extracting(Node::name).containsExactly("a", "b");
        assertThat(one.agents()).extracting(Agent::id).containsExactly("c/a/host", "c/b/pod");
    }

    @Test
    void readyAgentNeedsReadyAgentOnReadyNode() {
        TargetSet set = TestClusters.builder("c")
                .node("up", "z", true).pod("up", true).host("up", false)
                .node("down", "z", false).pod("down", true)
                .node("bare", "z", true)
                .build();
        assertThat(set.readyAgent("up", Network.POD)).isNotNull();
        assertThat(set.readyAgent("up", Network.HOST)).isNull();
        assertThat(set.readyAgent("down", Network.POD)).isNull();
        assertThat(set.readyAgent("bare", Network.POD)).isNull();
        assertThat(set.readyAgent("missing", Network.POD)).isNull();
        assertThat(set.agent("up", Network.HOST)).isPresent();
        assertThat(set.measurableNodes()).containsExactly("up");
    }

    @Test
    void serviceWithoutBackendsIsKnownButNotReady() {
        TargetSet set = TestClusters.builder("c").node("a", "z", true).pod("a", true).service(List.of()).build();
        assertThat(set.service()).isPresent();
        assertThat(set.readyService()).isNull();
        TargetSet none = TestClusters.builder("c").node("a", "z", true).build();
        assertThat(none.service()).isEmpty();
        assertThat(none.readyService()).isNull();
    }

    @Test
    void collectionsAreImmutable() {
        TargetSet set = TestClusters.healthy("c", 3, 1);
        assertThatThrownBy(() -> set.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.agents().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.service().orElseThrow().backends().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
