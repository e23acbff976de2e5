package io.meshperf.deploy;

import static io.meshperf.deploy.DeployManifestsTest.only;
import static io.meshperf.deploy.DeployManifestsTest.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.coordinator.api.HttpApiVerticle;
import io.meshperf.coordinator.config.CoordinatorSettings;
import io.meshperf.schemas.keys.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The container build files and the Prometheus operator monitors against the manifests, and the
 * topic definitions: the plain list of the topic Job, the Strimzi KafkaTopics and the topics the
 * code uses must agree.
 */
class ImagesAndTopicsTest {

    private final Rendered base = Rendered.of("base");

    @Test
    void imagesRunAsTheManifestsUserAndExposeTheirPorts() {
        Container agent = only(base.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate().getSpec());
        Container coordinator = only(base.one(Deployment.class, "meshperf-coordinator").getSpec().getTemplate()
                .getSpec());
        check(Images.AGENT, agent, "probe-agent/target/probe-agent.jar", List.of("19765/tcp", "19765/udp", "9765/tcp"));
        check(Images.COORDINATOR, coordinator, "coordinator/target/coordinator.jar",
                List.of("8080/tcp", "8081/tcp"));
        assertThat(Images.only(Images.AGENT, "ENV")).contains("-Xmx64m", "-XX:+UseSerialGC", "MALLOC_ARENA_MAX=2");
        assertThat(Images.only(Images.AGENT, "CMD")).isEqualTo("[\"agent\"]");
        assertThat(Images.only(Images.COORDINATOR, "CMD")).isEqualTo("[\"run\"]");
    }

    @Test
    void theDashboardLinksToTheCoordinatorsHeatmapThroughAVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("dashboards/meshperf.json")));
        JsonNode link = dashboard.get("links").get(0);
        assertThat(link.get("url").asText()).isEqualTo("${coordinator}" + HttpApiVerticle.HEATMAP_PATH);
        assertThat(link.get("targetBlank").asBoolean()).isTrue();
        List<String> variables = new ArrayList<>();
        dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
        assertThat(variables).contains("coordinator");
    }

    private static void check(Path file, Container c, String jar, List<String> exposed) {
        assertThat(Images.only(file, "FROM")).as("a pinned JRE base").matches("eclipse-temurin:17[.0-9_]+-jre-alpine");
        assertThat(Images.only(file, "USER")).isEqualTo(Images.USER + ":" + Images.USER);
        assertThat(Images.copied(file)).containsExactly(jar);
        // The jar path is the module's finalName, which the build produces (checked for existence in MetricNamesIT).
        assertThat(Images.only(file, "ENTRYPOINT")).contains("/opt/meshperf/" + Path.of(jar).getFileName());
        assertThat(Arrays.asList(Images.only(file, "EXPOSE").split(" "))).containsExactlyInAnyOrderElementsOf(exposed);
        List<String> manifestPorts = new ArrayList<>();
        c.getPorts().forEach(p -> manifestPorts.add(p.getContainerPort() + "/" + p.getProtocol().toLowerCase()));
        assertThat(manifestPorts).containsExactlyInAnyOrderElementsOf(exposed);
        Matcher health = Images.healthUrl(file);
        assertThat(Integer.parseInt(health.group(1))).isEqualTo(port(c, "http").getContainerPort());
        assertThat(health.group(2)).isEqualTo(c.getLivenessProbe().getHttpGet().getPath());
    }

    @Test
    void topicListHoldsEveryTopicTheCodeUsesWithItsCleanupPolicy() {
        Map<String, Topic> topics = plainTopics();
        List<String> used = List.of(Topics.JOBS, Topics.RESULTS, Topics.AGENTS, Topics.AGGREGATES, Topics.DLQ,
                AgentSettings.JOBS_TOPIC.defaultValue(), AgentSettings.DLQ_TOPIC.defaultValue(),
                CoordinatorSettings.STATE_TOPIC_DEFAULT, CoordinatorSettings.LEADER_TOPIC_DEFAULT);
        assertThat(topics).containsKeys(used.toArray(String[]::new));
        assertThat(topics.get(Topics.AGENTS).config()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get(CoordinatorSettings.STATE_TOPIC_DEFAULT).config()).containsEntry("cleanup.policy",
                "compact");
        assertThat(topics.get(CoordinatorSettings.LEADER_TOPIC_DEFAULT).partitions()).isEqualTo(1);
        assertThat(topics.get(Topics.JOBS).config()).containsEntry("cleanup.policy", "delete")
                .containsKey("retention.ms");
        Job job = base.one(Job.class, "meshperf-topics");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
                assertThat(v.getConfigMap()).isNotNull().satisfies(c -> assertThat(c.getName())
                        .isEqualTo("meshperf-topics")));
    }

    @Test
    void strimziTopicsEqualThePlainList() {
        Rendered strimzi = Rendered.of("overlays/strimzi");
        assertThat(strimzi.find(Job.class, "meshperf-topics")).isEmpty();
        Map<String, Topic> fromStrimzi = new TreeMap<>();
        for (GenericKubernetesResource r : strimzi.all(GenericKubernetesResource.class)) {
            if (r.getKind().equals("KafkaTopic")) {
                assertThat(r.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "meshperf");
                Map<String, Object> spec = r.get("spec");
                @SuppressWarnings("unchecked")
                Map<String, Object> config = (Map<String, Object>) spec.get("config");
                fromStrimzi.put((String) spec.get("topicName"), new Topic(((Number) spec.get("partitions")).intValue(),
                        config.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                                e -> String.valueOf(e.getValue()), (a, b) -> b, TreeMap::new))));
            }
        }
        assertThat(fromStrimzi).isEqualTo(plainTopics());
        assertThat(strimzi.all(GenericKubernetesResource.class)).extracting(GenericKubernetesResource::getKind)
                .contains("Kafka", "KafkaNodePool");
    }

    @Test
    @SuppressWarnings("unchecked")
    void monitorsSelectTheAgentsAndTheCoordinatorOnTheirHttpPorts() {
        Rendered monitoring = Rendered.of("overlays/prometheus-operator");
        GenericKubernetesResource podMonitor = generic(monitoring, "PodMonitor", "meshperf-agent");
        Map<String, Object> podSpec = podMonitor.get("spec");
        Map<String, String> podSelector = (Map<String, String>) ((Map<String, Object>) podSpec.get("selector"))
                .get("matchLabels");
        List<Map<String, Object>> podEndpoints = (List<Map<String, Object>>) podSpec.get("podMetricsEndpoints");
        for (DaemonSet ds : monitoring.all(DaemonSet.class)) {
            DeployManifestsTest.assertSelects(podSelector, ds.getSpec().getTemplate(), true);
            Container agent = only(ds.getSpec().getTemplate().getSpec());
            assertThat(podEndpoints).allSatisfy(e -> {
                port(agent, (String) e.get("port"));
                assertThat(e.get("path")).isEqualTo("/metrics");
                assertThat(ds.getSpec().getTemplate().getMetadata().getAnnotations())
                        .containsEntry("prometheus.io/port", String.valueOf(port(agent, (String) e.get("port"))
                                .getContainerPort()));
            });
        }
        GenericKubernetesResource serviceMonitor = generic(monitoring, "ServiceMonitor", "meshperf-coordinator");
        Map<String, Object> spec = serviceMonitor.get("spec");
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
                .get("matchLabels");
        Service service = monitoring.one(Service.class,
                "meshperf-coordinator");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(monitoring.all(Service.class)).filteredOn(
                x -> x.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).hasSize(1);
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> assertThat(service.getSpec().getPorts())
                .anySatisfy(p -> assertThat(p.getName()).isEqualTo(e.get("port"))));
    }

    private static GenericKubernetesResource generic(Rendered r, String kind, String name) {
        return r.all(GenericKubernetesResource.class).stream()
                .filter(g -> g.getKind().equals(kind) && g.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private Map<String, Topic> plainTopics() {
        String list = base.one(ConfigMap.class, "meshperf-topics").getData().get("topics.txt");
        Map<String, Topic> topics = new TreeMap<>();
        for (String line : list.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            assertThat(f).as(line).hasSize(3);
            Map<String, String> config = new TreeMap<>();
            for (String kv : f[2].split(",")) {
                String[] p = kv.split("=", 2);
                config.put(p[0], p[1]);
            }
            assertThat(topics.put(f[0], new Topic(Integer.parseInt(f[1]), config))).as("twice: " + f[0]).isNull();
        }
        return topics;
    }

    record Topic(int partitions, Map<String, String> config) {
    }
}
