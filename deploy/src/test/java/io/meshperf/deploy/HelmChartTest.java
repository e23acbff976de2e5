package io.meshperf.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart renders (with Helm's own Go library through helm-java, no helm binary) to exactly
 * the objects of the kustomize base with its default values, and its values reach the objects.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/meshperf");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultValuesRenderTheKustomizeBase() {
        Map<String, JsonNode> chart = byId(render(new Helm(CHART).template()));
        Map<String, JsonNode> base = byId(Rendered.of("base"));
        assertThat(chart.keySet()).containsExactlyElementsOf(base.keySet());
        base.forEach((id, expected) -> assertThat(chart.get(id)).as(id).isEqualTo(expected));
    }

    @Test
    void valuesReachTheObjects() {
        Rendered r = render(new Helm(CHART).template().set("cluster", "prod-eu-1").set("createNamespace", "false")
                .set("images.agent.tag", "1.2.3").set("kafka.bootstrapServers", "kafka-0:9093")
                .set("kafka.files.ca\\.crt", "-----BEGIN CERTIFICATE-----"));
        assertThat(r.one(Secret.class, "meshperf-kafka").getData()).as("extra files reach the Secret")
                .containsEntry("ca.crt", Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.one(ConfigMap.class, "meshperf").getData()).containsEntry("cluster", "prod-eu-1");
        assertThat(r.all(Namespace.class)).isEmpty();
        assertThat(r.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage()).isEqualTo("meshperf/probe-agent:1.2.3");
        Map<String, String> env = ContainerEnv.resolve(r, r.one(DaemonSet.class, "meshperf-agent-host").getSpec()
                .getTemplate().getSpec().getContainers().get(0), Samples.agentFields());
        assertThat(env).containsEntry("MESHPERF_KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9093")
                .containsEntry("MESHPERF_CLUSTER", "prod-eu-1");
    }

    private static Rendered render(TemplateCommand command) {
        return Rendered.parse("helm chart", command.withName("meshperf").withNamespace("meshperf").call());
    }

    private static Map<String, JsonNode> byId(Rendered r) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (HasMetadata o : r.objects) {
            JsonNode tree;
            try {
                tree = JSON.readTree(SERIALIZATION.asJson(o));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            if (o instanceof Secret secret && secret.getData() != null) {
                // kustomize wraps base64 at 70 columns, Helm does not: compare the decoded bytes.
                var data = (ObjectNode) tree.get("data");
                secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getMimeDecoder().decode(v),
                        StandardCharsets.UTF_8)));
            }
            assertThat(out.put(o.getKind() + "/" + o.getMetadata().getName(), tree)).isNull();
        }
        return out;
    }
}
