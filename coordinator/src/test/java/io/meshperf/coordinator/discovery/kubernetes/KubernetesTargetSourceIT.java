package io.meshperf.coordinator.discovery.kubernetes;

import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.NS;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.QPERF_PORT;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.agentPod;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.agentService;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.endpoint;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.node;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.Node;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TargetSource;
import io.meshperf.schemas.Network;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the source against fabric8's mock API server in CRUD mode: objects are created, changed and
 * deleted through the real client, and the informers see them through real list and watch calls.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesMockServer server;
    KubernetesClient client;

    private final KubernetesDiscoveryConfig config = KubernetesDiscoveryConfig.defaults("lab")
            .withSyncTimeout(Duration.ofSeconds(15));
    private final List<TargetSet> notified = new CopyOnWriteArrayList<>();
    private KubernetesTargetSource source;
    private TargetSource.Subscription subscription;

    @BeforeEach
    void createCluster() {
        client.nodes().resource(node("n1", "zone-a", true)).create();
        client.nodes().resource(node("n2", "zone-b", true)).create();
        create(agentPod("agent-pod-n1", "n1", "pod", "10.244.1.5", "192.168.0.1", true));
        create(agentPod("agent-host-n1", "n1", "host", "192.168.0.1", "192.168.0.1", true));
        create(agentPod("agent-pod-n2", "n2", "pod", "10.244.2.5", "192.168.0.2", true));
        create(agentPod("agent-host-n2", "n2", "host", "192.168.0.2", "192.168.0.2", true));
        client.services().inNamespace(NS).resource(agentService("10.96.0.50")).create();
        client.discovery().v1().endpointSlices().inNamespace(NS).resource(slice("meshperf-agent-abc",
                endpoint("agent-pod-n1", "n1", "10.244.1.5", true),
                endpoint("agent-pod-n2", "n2", "10.244.2.5", true))).create();
    }

    @AfterEach
    void stop() {
        if (subscription != null) {
            subscription.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void startReturnsTheSyncedCluster() {
        start();

        TargetSet set = source.current();
        assertThat(set.cluster()).isEqualTo("lab");
        assertThat(set.nodes()).containsExactly(
                new Node("n1", "zone-a", "region-1", true, true),
                new Node("n2", "zone-b", "region-1", true, true));
        assertThat(set.agents()).containsExactly(
                new Agent("lab/n1/host", "n1", Network.HOST, NS + "/agent-host-n1", "192.168.0.1", QPERF_PORT, true),
                new Agent("lab/n1/pod", "n1", Network.POD, NS + "/agent-pod-n1", "10.244.1.5", QPERF_PORT, true),
                new Agent("lab/n2/host", "n2", Network.HOST, NS + "/agent-host-n2", "192.168.0.2", QPERF_PORT, true),
                new Agent("lab/n2/pod", "n2", Network.POD, NS + "/agent-pod-n2", "10.244.2.5", QPERF_PORT, true));
        assertThat(set.service()).contains(new AgentService(NS + "/meshperf-agent", "10.96.0.50", QPERF_PORT, List.of(
                new ServiceBackend(NS + "/agent-pod-n1", "n1", "10.244.1.5"),
                new ServiceBackend(NS + "/agent-pod-n2", "n2", "10.244.2.5"))));
        assertThat(set.measurableNodes()).containsExactly("n1", "n2");
    }

    @Test
    void aJoiningNodeAppearsWithItsAgents() {
        // A failing listener registered first must not keep the others from hearing about changes.
        source = new KubernetesTargetSource(client, config);
        source.subscribe(next -> {
            throw new IllegalStateException("listener failure for the test");
        });
        subscription = source.subscribe(notified::add);
        source.start();
        notified.clear();

        client.nodes().resource(node("n3", "zone-a", true)).create();
        create(agentPod("agent-pod-n3", "n3", "pod", "10.244.3.5", "192.168.0.3", true));
        create(agentPod("agent-host-n3", "n3", "host", "192.168.0.3", "192.168.0.3", true));

        await().atMost(WAIT).until(() -> source.current().measurableNodes().equals(List.of("n1", "n2", "n3")));
        assertThat(source.current().agent("n3", Network.POD)).get().extracting(Agent::address).isEqualTo("10.244.3.5");
        assertThat(source.current().agent("n3", Network.HOST)).get().extracting(Agent::address)
                .isEqualTo("192.168.0.3");
        // Listeners hear of a set just after it becomes current.
        await().atMost(WAIT).until(() -> !notified.isEmpty()
                && notified.get(notified.size() - 1).equals(source.current()));
    }

    @Test
    void aLeavingNodeDisappearsWithItsAgents() {
        start();

        client.nodes().withName("n2").delete();

        await().atMost(WAIT).until(() -> source.current().node("n2").isEmpty());
        assertThat(source.current().agents()).extracting(Agent::node).containsOnly("n1");
    }

    @Test
    void anAgentThatBecomesUnreadyIsMarkedAndComesBack() {
        start();

        setReady("agent-pod-n2", false);
        await().atMost(WAIT).until(() -> !source.current().agent("n2", Network.POD).orElseThrow().ready());
        assertThat(source.current().readyAgent("n2", Network.POD)).isNull();
        assertThat(source.current().readyAgent("n2", Network.HOST)).isNotNull();

        setReady("agent-pod-n2", true);
        await().atMost(WAIT).until(() -> source.current().agent("n2", Network.POD).orElseThrow().ready());
    }

    @Test
    void aDeletedAgentPodAndSliceDisappear() {
        start();

        client.pods().inNamespace(NS).withName("agent-host-n1").delete();
        await().atMost(WAIT).until(() -> source.current().agent("n1", Network.HOST).isEmpty());
        assertThat(source.current().agent("n1", Network.POD)).isPresent();
        assertThat(source.current().measurableNodes()).containsExactly("n1", "n2");

        client.discovery().v1().endpointSlices().inNamespace(NS).withName("meshperf-agent-abc").delete();
        await().atMost(WAIT).until(() -> backends().isEmpty());
    }

    @Test
    void anUnreadyNodeAndAZoneChangeAreFollowed() {
        start();

        client.nodes().withName("n1").edit(n -> {
            n.getMetadata().getLabels().put(TargetSetAssembler.ZONE_LABEL, "zone-c");
            return n;
        });
        await().atMost(WAIT).until(() -> source.current().node("n1").orElseThrow().zone().equals("zone-c"));

        client.nodes().withName("n1").edit(n -> {
            n.getStatus().getConditions().get(0).setStatus("False");
            n.getSpec().setUnschedulable(true);
            return n;
        });
        await().atMost(WAIT).until(() -> !source.current().node("n1").orElseThrow().ready());
        assertThat(source.current().node("n1").orElseThrow().schedulable()).isFalse();
        assertThat(source.current().measurableNodes()).containsExactly("n2");
    }

    @Test
    void serviceBackendsFollowTheEndpointSlices() {
        start();

        client.discovery().v1().endpointSlices().inNamespace(NS).withName("meshperf-agent-abc").edit(s -> {
            s.getEndpoints().get(1).getConditions().setReady(false);
            return s;
        });
        await().atMost(WAIT).until(() -> backends().equals(List.of(NS + "/agent-pod-n1")));

        client.discovery().v1().endpointSlices().inNamespace(NS).withName("meshperf-agent-abc").edit(s -> {
            s.getEndpoints().remove(0);
            return s;
        });
        await().atMost(WAIT).until(() -> backends().isEmpty());
        assertThat(source.current().readyService()).isNull();

        client.discovery().v1().endpointSlices().inNamespace(NS).resource(slice("meshperf-agent-def",
                endpoint("agent-pod-n2", "n2", "10.244.2.5", true))).create();
        await().atMost(WAIT).until(() -> backends().equals(List.of(NS + "/agent-pod-n2")));

        client.services().inNamespace(NS).withName("meshperf-agent").delete();
        await().atMost(WAIT).until(() -> source.current().service().isEmpty());
    }

    @Test
    void changesThatDoNotAlterTheTargetsNotifyNobody() {
        start();

        client.nodes().withName("n1").edit(n -> {
            n.getMetadata().getAnnotations().put("example.com/irrelevant", "yes");
            return n;
        });
        client.nodes().withName("n1").edit(n -> {
            n.getMetadata().getLabels().put(TargetSetAssembler.ZONE_LABEL, "zone-z");
            return n;
        });

        await().atMost(WAIT).until(() -> !notified.isEmpty());
        assertThat(notified).hasSize(1);
        assertThat(notified.get(0).node("n1").orElseThrow().zone()).isEqualTo("zone-z");
    }

    /**
     * A coordinator deployed without its Role and ClusterRole. Every list is forbidden: the mock
     * server cannot close a watch that opened a moment ago without stalling, so a mix of allowed
     * and forbidden resources is not testable here.
     */
    @Test
    void startFailsAtOnceNamingEveryResourceRbacForbids() {
        forbid("/api/v1/nodes?resourceVersion=0", "nodes", "at the cluster scope");
        forbid("/api/v1/namespaces/meshperf/pods?labelSelector=app.kubernetes.io%2Fname%3Dmeshperf-agent"
                + "&resourceVersion=0", "pods", "in the namespace \"meshperf\"");
        forbid("/api/v1/namespaces/meshperf/services?fieldSelector=metadata.name%3Dmeshperf-agent"
                + "&resourceVersion=0", "services", "in the namespace \"meshperf\"");
        forbid("/apis/discovery.k8s.io/v1/namespaces/meshperf/endpointslices"
                + "?labelSelector=kubernetes.io%2Fservice-name%3Dmeshperf-agent&resourceVersion=0",
                "endpointslices", "in the namespace \"meshperf\"");
        source = new KubernetesTargetSource(client, config.withSyncTimeout(Duration.ofMinutes(5)));

        long began = System.nanoTime();
        assertThatThrownBy(source::start)
                .isInstanceOf(DiscoveryStartException.class)
                .hasMessageContaining("nodes (cluster-scoped): HTTP 403 nodes is forbidden")
                .hasMessageContaining("pods in namespace meshperf with label app.kubernetes.io/name=meshperf-agent:"
                        + " HTTP 403 pods is forbidden")
                .hasMessageContaining("service meshperf/meshperf-agent: HTTP 403 services is forbidden")
                .hasMessageContaining("endpointslices (discovery.k8s.io/v1) in namespace meshperf with label"
                        + " kubernetes.io/service-name=meshperf-agent: HTTP 403 endpointslices is forbidden");
        // Forbidden is permanent: start gives up at once instead of retrying until the sync timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void requiredAccessListsEveryWatchedResource() {
        assertThat(KubernetesTargetSource.REQUIRED_ACCESS).extracting(ApiAccess::resource)
                .containsExactly("nodes", "pods", "services", "endpointslices");
        assertThat(KubernetesTargetSource.REQUIRED_ACCESS).allSatisfy(
                access -> assertThat(access.verbs()).containsExactly("list", "watch"));
    }

    private void start() {
        source = new KubernetesTargetSource(client, config);
        subscription = source.subscribe(notified::add);
        source.start();
        notified.clear();
    }

    private void forbid(String path, String resource, String scope) {
        server.expect().get().withPath(path)
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage(resource + " is forbidden: User \"system:serviceaccount:meshperf:coordinator\""
                                + " cannot list resource \"" + resource + "\" " + scope)
                        .build())
                .always();
    }

    private void create(Pod pod) {
        client.pods().inNamespace(NS).resource(pod).create();
    }

    private void setReady(String pod, boolean ready) {
        client.pods().inNamespace(NS).withName(pod).edit(p -> {
            p.getStatus().getConditions().get(0).setStatus(ready ? "True" : "False");
            return p;
        });
    }

    private List<String> backends() {
        return source.current().service().orElseThrow().backends().stream().map(ServiceBackend::pod).toList();
    }
}
