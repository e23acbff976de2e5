package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.schemas.MeasurementJob;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The coordinator in its Kubernetes configuration: targets from the fabric8 mock API server (CRUD
 * mode) through informers, leadership from a Lease on that server, jobs on the in-process broker,
 * answered by {@link FakeAgents}.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesCoordinatorIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private static final String NS = "meshperf";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void discoversTheClusterLeadsByLeaseAndPublishes(EmbeddedKafkaBroker broker) throws Exception {
        for (String node : List.of("n1", "n2", "n3")) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata()
                    .withNewSpec().endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
            client.pods().inNamespace(NS).resource(hostAgent(node)).create();
        }
        TestCluster cluster = new TestCluster(broker, "kube");
        Map<String, String> flags = cluster.flags("coordinator-0", "--discovery", "kubernetes",
                "--leader-election", "kubernetes", "--namespace", NS, "--leader-timeout-ms", "3000");
        flags.remove("--agents-topic");
        CoordinatorConfig config = CoordinatorConfig.from(flags, Map.of());
        try (FakeAgents agents = new FakeAgents(cluster.bootstrap, "kube", cluster.jobs, cluster.results).start();
             CoordinatorService coordinator = new CoordinatorService(config, Clock.systemUTC(),
                     () -> server.createClient())) {
            coordinator.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Published.slots(cluster.publishedJobs()).size() >= 3);

            Lease lease = client.leases().inNamespace(NS).withName("meshperf-coordinator").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("coordinator-0");
            assertThat(coordinator.plan().getJsonObject("targets").getJsonArray("measurableNodes").getList())
                    .containsExactly("n1", "n2", "n3");
        }
        List<MeasurementJob> jobs = cluster.publishedJobs();
        assertThat(jobs).extracting(j -> j.getSource().getAgentId()).containsOnly("kube/n1/host", "kube/n2/host",
                "kube/n3/host");
        assertThat(jobs).extracting(j -> j.getTarget().getHost()).containsOnly("192.168.0.1", "192.168.0.2",
                "192.168.0.3");
        Published.slots(jobs).values().forEach(Published::noNodeTwiceIn);
    }

    private static Pod hostAgent(String node) {
        String ip = "192.168.0." + node.substring(1);
        return new PodBuilder()
                .withNewMetadata().withName("agent-host-" + node).withNamespace(NS)
                    .addToLabels("app.kubernetes.io/name", "meshperf-agent")
                    .addToLabels("meshperf.io/network", "host")
                .endMetadata()
                .withNewSpec().withNodeName(node).withHostNetwork(true)
                    .addNewContainer().withName("agent").withImage("meshperf/probe-agent")
                        .addNewPort().withName("qperf").withContainerPort(19765).endPort()
                    .endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP(ip)
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build();
    }
}
