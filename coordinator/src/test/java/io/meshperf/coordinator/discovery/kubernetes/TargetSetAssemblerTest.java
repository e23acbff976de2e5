package io.meshperf.coordinator.discovery.kubernetes;

import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.agentPod;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.agentService;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.endpoint;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.node;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetSetAssemblerTest {

    private final TargetSetAssembler assembler = new TargetSetAssembler(KubernetesDiscoveryConfig.defaults("lab"));

    @Test
    void duringARollingUpdateTheReadyPodIsTheAgent() {
        Pod old = terminating(agentPod("agent-old", "n1", "pod", "10.244.1.5", "192.168.0.1", true));
        Pod fresh = created(agentPod("agent-new", "n1", "pod", "10.244.1.9", "192.168.0.1", false),
                "2026-11-27T10:05:00Z");

        TargetSet set = assembler.assemble(List.of(node("n1", "a", true)), List.of(old, fresh), null, List.of())
                .targetSet();

        // The old pod is terminating, so neither is ready; the one not terminating is the agent.
        assertThat(set.agents()).singleElement().extracting(Agent::pod, Agent::ready)
                .containsExactly("meshperf/agent-new", false);

        Pod freshReady = created(agentPod("agent-new", "n1", "pod", "10.244.1.9", "192.168.0.1", true),
                "2026-11-27T10:05:00Z");
        assertThat(assembler.assemble(List.of(node("n1", "a", true)), List.of(old, freshReady), null, List.of())
                .targetSet().agents()).singleElement().extracting(Agent::ready).isEqualTo(true);
    }

    @Test
    void withoutTheNetworkLabelHostNetworkDecides() {
        Pod host = new PodBuilder(agentPod("agent-h", "n1", "host", "192.168.0.1", "192.168.0.1", true))
                .editMetadata().removeFromLabels("meshperf.io/network").endMetadata().build();
        Pod pod = new PodBuilder(agentPod("agent-p", "n1", "pod", "10.244.1.5", "192.168.0.1", true))
                .editMetadata().removeFromLabels("meshperf.io/network").endMetadata().build();

        TargetSet set = assembler.assemble(List.of(node("n1", "a", true)), List.of(host, pod), null, List.of())
                .targetSet();

        assertThat(set.agent("n1", Network.HOST)).get().extracting(Agent::address).isEqualTo("192.168.0.1");
        assertThat(set.agent("n1", Network.POD)).get().extracting(Agent::address).isEqualTo("10.244.1.5");
    }

    @Test
    void objectsThatCannotBeTargetsAreSkippedWithAReason() {
        Pod badLabel = agentPod("agent-x", "n1", "overlay", "10.244.1.7", "192.168.0.1", true);
        Pod noPort = new PodBuilder(agentPod("agent-y", "n1", "pod", "10.244.1.8", "192.168.0.1", true))
                .editSpec().editFirstContainer().withPorts().endContainer().endSpec().build();
        Pod orphan = agentPod("agent-z", "gone", "pod", "10.244.9.5", "192.168.0.9", true);
        Pod unscheduled = new PodBuilder(agentPod("agent-u", "n1", "host", null, null, false))
                .editSpec().withNodeName(null).endSpec().build();

        TargetSetAssembler.Assembly assembly = assembler.assemble(List.of(node("n1", "a", true)),
                List.of(badLabel, noPort, orphan, unscheduled), agentService("None"), List.of());

        assertThat(assembly.targetSet().agents()).isEmpty();
        assertThat(assembly.targetSet().service()).isEmpty();
        assertThat(assembly.skipped()).containsExactly(
                "agent pod meshperf/agent-x: label meshperf.io/network='overlay' is neither 'pod' nor 'host'",
                "agent pod meshperf/agent-y: no container port named 'qperf'",
                "agent pod meshperf/agent-z: node gone is not in the cluster",
                "service meshperf/meshperf-agent: no ClusterIP (None)");
    }

    @Test
    void backendsAreTheReadyEndpointsOfEverySliceOnceAndInOrder() {
        var noNode = endpoint("agent-pod-n2", null, "10.244.2.5", true);
        List<Pod> pods = List.of(agentPod("agent-pod-n2", "n2", "pod", "10.244.2.5", "192.168.0.2", true));

        TargetSet set = assembler.assemble(List.of(node("n1", "a", true), node("n2", "b", true)), pods,
                agentService("10.96.0.50"), List.of(
                        slice("s2", noNode, endpoint("agent-pod-n1", "n1", "10.244.1.5", false)),
                        slice("s1", endpoint("agent-pod-n2", "n2", "10.244.2.5", true),
                                endpoint("agent-pod-n3", "n3", "10.244.3.5", true))))
                .targetSet();

        assertThat(set.service().orElseThrow().backends()).containsExactly(
                new ServiceBackend("meshperf/agent-pod-n2", "n2", "10.244.2.5"),
                new ServiceBackend("meshperf/agent-pod-n3", "n3", "10.244.3.5"));
    }

    private static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-11-27T10:06:00Z")
                .withCreationTimestamp("2026-11-27T09:00:00Z").endMetadata().build();
    }

    private static Pod created(Pod pod, String timestamp) {
        return new PodBuilder(pod).editMetadata().withCreationTimestamp(timestamp).endMetadata().build();
    }
}
