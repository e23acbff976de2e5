package io.meshperf.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.kubernetes.KubernetesDiscoveryConfig;
import io.meshperf.coordinator.discovery.kubernetes.KubernetesTargetSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendered base applied to fabric8's mock API server (CRUD mode), then what the controllers of a
 * real cluster would add: nodes, one pod per node for each agent DaemonSet built from its template
 * (as the DaemonSet controller does), the Service's ClusterIP and its EndpointSlice (as the
 * EndpointSlice controller does, from the Service's selector and named target ports). The
 * coordinator's discovery, with its default configuration, must then find every agent of both
 * networks and the Service with every pod-network agent behind it.
 */
@EnableKubernetesMockClient(crud = true)
class DiscoveryOnManifestsIT {

    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final String CLUSTER_IP = "10.96.17.4";

    KubernetesClient client;

    @Test
    void discoveryFindsTheAgentsAndTheServiceTheManifestsCreate() {
        Rendered base = Rendered.of("base");
        for (HasMetadata o : base.objects) {
            if (o instanceof Service s && s.getMetadata().getName().equals(DeployManifestsTest.DISCOVERY.serviceName())) {
                s.getSpec().setClusterIP(CLUSTER_IP);
            }
            client.resource(o).create();
        }
        for (int i = 0; i < NODES.size(); i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODES.get(i))
                    .addToLabels("topology.kubernetes.io/zone", "zone-" + (i % 2)).endMetadata()
                    .withNewSpec().endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
        }
        List<Pod> podAgents = new ArrayList<>();
        for (DaemonSet ds : client.apps().daemonSets().inNamespace("meshperf").list().getItems()) {
            boolean host = Boolean.TRUE.equals(ds.getSpec().getTemplate().getSpec().getHostNetwork());
            for (int i = 0; i < NODES.size(); i++) {
                String nodeIp = "192.168.0." + (11 + i);
                Pod pod = client.pods().inNamespace("meshperf").resource(new PodBuilder()
                        .withMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(
                                ds.getSpec().getTemplate().getMetadata())
                                .withName(ds.getMetadata().getName() + "-" + i).withNamespace("meshperf").build())
                        .withSpec(new io.fabric8.kubernetes.api.model.PodSpecBuilder(ds.getSpec().getTemplate().getSpec())
                                .withNodeName(NODES.get(i)).build())
                        .withNewStatus().withPhase("Running").withHostIP(nodeIp)
                            .withPodIP(host ? nodeIp : "10.244." + i + ".5")
                            .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .endStatus()
                        .build()).create();
                if (!host) {
                    podAgents.add(pod);
                }
            }
        }
        Service service = client.services().inNamespace("meshperf").withName("meshperf-agent").get();
        endpointSliceFor(service, client.pods().inNamespace("meshperf").withLabels(service.getSpec().getSelector())
                .list().getItems());

        KubernetesDiscoveryConfig config = KubernetesDiscoveryConfig.defaults("my-cluster");
        try (KubernetesTargetSource source = new KubernetesTargetSource(client, config)) {
            source.start();
            TargetSet targets = source.current();
            assertThat(targets.measurableNodes()).containsExactlyElementsOf(NODES);
            assertThat(targets.agents()).hasSize(6).allMatch(Agent::ready).allMatch(a -> a.port() == 19765);
            assertThat(targets.agents()).filteredOn(a -> a.network() == io.meshperf.schemas.Network.POD)
                    .extracting(Agent::address).containsExactlyInAnyOrder("10.244.0.5", "10.244.1.5", "10.244.2.5");
            assertThat(targets.agents()).extracting(Agent::id).containsExactlyInAnyOrder(
                    "my-cluster/node-1/pod", "my-cluster/node-2/pod", "my-cluster/node-3/pod",
                    "my-cluster/node-1/host", "my-cluster/node-2/host", "my-cluster/node-3/host");
            assertThat(targets.agents()).filteredOn(a -> a.network() == io.meshperf.schemas.Network.HOST)
                    .extracting(Agent::address).containsExactlyInAnyOrder("192.168.0.11", "192.168.0.12", "192.168.0.13");
            AgentService agentService = targets.service().orElseThrow();
            assertThat(agentService.host()).isEqualTo(CLUSTER_IP);
            assertThat(agentService.port()).isEqualTo(19765);
            assertThat(agentService.backends()).extracting(ServiceBackend::pod).containsExactlyInAnyOrderElementsOf(
                    podAgents.stream().map(p -> "meshperf/" + p.getMetadata().getName()).toList());
            assertThat(agentService.backends()).extracting(ServiceBackend::node).containsExactlyInAnyOrderElementsOf(NODES);
        }
    }

    /** What the EndpointSlice controller writes for {@code service}: named target ports resolved per pod. */
    private void endpointSliceFor(Service service, List<Pod> pods) {
        assertThat(pods).as("pods the Service selects").hasSize(NODES.size());
        Container c = pods.get(0).getSpec().getContainers().get(0);
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort sp : service.getSpec().getPorts()) {
            ContainerPort target = DeployManifestsTest.port(c, sp.getTargetPort().getStrVal());
            ports.add(new EndpointPortBuilder().withName(sp.getName()).withProtocol(sp.getProtocol())
                    .withPort(target.getContainerPort()).build());
        }
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata().withName(service.getMetadata().getName() + "-abcde").withNamespace("meshperf")
                    .withLabels(Map.of("kubernetes.io/service-name", service.getMetadata().getName()))
                .endMetadata()
                .withAddressType("IPv4")
                .withPorts(ports);
        for (Pod p : pods) {
            slice.addNewEndpoint().withAddresses(p.getStatus().getPodIP()).withNodeName(p.getSpec().getNodeName())
                    .withNewConditions().withReady(true).endConditions()
                    .withNewTargetRef().withKind("Pod").withName(p.getMetadata().getName()).withNamespace("meshperf")
                    .endTargetRef()
                    .endEndpoint();
        }
        client.resource(slice.build()).create();
    }
}
