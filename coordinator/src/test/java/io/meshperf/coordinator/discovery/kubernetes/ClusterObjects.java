package io.meshperf.coordinator.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Arrays;

/** Kubernetes objects shaped like the ones the deploy manifests and kubelet produce. */
final class ClusterObjects {

    static final String NS = KubernetesDiscoveryConfig.DEFAULT_NAMESPACE;
    static final int QPERF_PORT = 19765;

    private ClusterObjects() {
    }

    static Node node(String name, String zone, boolean ready) {
        return new NodeBuilder()
                .withNewMetadata().withName(name)
                    .addToLabels(TargetSetAssembler.ZONE_LABEL, zone)
                    .addToLabels(TargetSetAssembler.REGION_LABEL, "region-1")
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                    .endCondition().endStatus()
                .build();
    }

    /** An agent pod of one DaemonSet; a host agent's pod IP is its node IP, as with hostNetwork. */
    static Pod agentPod(String name, String node, String network, String podIp, String nodeIp, boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                    .addToLabels("app.kubernetes.io/name", "meshperf-agent")
                    .addToLabels("meshperf.io/network", network)
                .endMetadata()
                .withNewSpec().withNodeName(node).withHostNetwork("host".equals(network))
                    .addNewContainer().withName("agent").withImage("meshperf/probe-agent")
                        .addNewPort().withName("qperf").withContainerPort(QPERF_PORT).endPort()
                    .endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP(podIp).withHostIP(nodeIp)
                    .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
    }

    static Service agentService(String clusterIp) {
        return new ServiceBuilder()
                .withNewMetadata().withName("meshperf-agent").withNamespace(NS).endMetadata()
                .withNewSpec().withClusterIP(clusterIp)
                    .addToSelector("app.kubernetes.io/name", "meshperf-agent")
                    .addToSelector("meshperf.io/network", "pod")
                    .addNewPort().withName("qperf").withPort(QPERF_PORT).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    static EndpointSlice slice(String name, Endpoint... endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                    .addToLabels(TargetSetAssembler.SERVICE_NAME_LABEL, "meshperf-agent")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("qperf").withPort(QPERF_PORT).withProtocol("TCP").endPort()
                .withEndpoints(Arrays.asList(endpoints))
                .build();
    }

    static Endpoint endpoint(String pod, String node, String ip, boolean ready) {
        return new EndpointBuilder()
                .withAddresses(ip)
                .withNodeName(node)
                .withNewConditions().withReady(ready).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace(NS).withName(pod).endTargetRef()
                .build();
    }
}
