package io.meshperf.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.agent.service.AgentService;
import io.meshperf.coordinator.api.HttpApiVerticle;
import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.coordinator.config.CoordinatorSettings;
import io.meshperf.coordinator.service.CoordinatorService;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.keys.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metric names of the dashboard and the alerts against what the running code exports: two real
 * probe agents (configured from the host DaemonSet's environment) and a real coordinator
 * (configured from the Deployment's environment, discovering through the mock API server and
 * electing itself on its Lease) run on the in-process broker until every series the dashboard and
 * alerts use has appeared in their {@code /metrics}; a third node's agent never answers, so the
 * coordinator writes TIMEOUTs. The probe paths of the manifests are requested on both servers, and
 * the jars the container build files copy are checked to be what the build produced.
 */
@EnableKubernetesMockClient(crud = true)
class MetricNamesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.configured(
            b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    /** Series of kube-state-metrics, which the agent-missing alert compares. */
    static final Set<String> KUBE_STATE_METRICS = Set.of("kube_daemonset_status_desired_number_scheduled",
            "kube_daemonset_status_number_ready");
    private static final Pattern SERIES = Pattern.compile("\\b((?:meshperf|kube)_[a-z0-9_]+)\\b");
    /** {@code series{label op "value", ...}} in an expression. */
    private static final Pattern SELECTOR = Pattern.compile("\\b(meshperf_[a-z0-9_]+)\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    /** Labels the PodMonitor adds to every agent series (see components/prometheus-operator). */
    static final Set<String> SCRAPE_LABELS = Set.of("node", "network");
    /** The values each enum-backed label can take: the schema's enums. */
    static final Map<String, Set<String>> LABEL_VALUES = Map.of(
            "status", names(io.meshperf.schemas.Status.values()),
            "path", names(io.meshperf.schemas.Path.values()),
            "test", names(io.meshperf.schemas.TestType.values()),
            "network", Set.of("pod", "host"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path streamsState;

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void everySeriesOfTheDashboardAndAlertsIsExported(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopics(TopicSpec.of(Topics.JOBS, 4), TopicSpec.of(Topics.RESULTS, 3),
                TopicSpec.of(Topics.AGENTS, 2).compacted(), TopicSpec.of(Topics.DLQ, 1));
        Rendered base = Rendered.of("base");
        Container agentContainer = DeployManifestsTest.only(base.one(DaemonSet.class, "meshperf-agent-host").getSpec()
                .getTemplate().getSpec());
        Container coordinatorContainer = DeployManifestsTest.only(base.one(Deployment.class, "meshperf-coordinator")
                .getSpec().getTemplate().getSpec());
        List<AgentService> agents = new ArrayList<>();
        CoordinatorService coordinator = null;
        try {
            for (String node : List.of("node-1", "node-2")) {
                AgentService agent = startAgent(base, agentContainer, node, broker.bootstrapServers());
                agents.add(agent);
                hostAgentPod(node, "127.0.0.1", agent.qperfPort());
            }
            // Registered in the cluster, never started: its jobs time out, tests against it are refused.
            hostAgentPod("node-3", "127.0.0.3", 1);
            coordinator = startCoordinator(base, coordinatorContainer, broker.bootstrapServers());

            Set<String> wanted = usedSeries();
            CoordinatorService c = coordinator;
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Set<String> exported = exported(agents, c);
                assertThat(wanted.stream().filter(n -> n.startsWith("meshperf_") && !exported.contains(n)).toList())
                        .as("series of the dashboard and alerts not exported yet").isEmpty();
            });
            Set<String> exported = exported(agents, coordinator);
            for (String name : wanted) {
                if (name.startsWith("kube_")) {
                    assertThat(KUBE_STATE_METRICS).contains(name);
                } else {
                    assertThat(exported).as("series used by the dashboard or alerts").contains(name);
                }
            }
            checkSelectors(expressions(), labelsBySeries(agents, coordinator));
            probe(agentContainer, agents.get(0).httpPort());
            probe(coordinatorContainer, coordinator.httpPort());
            // The dashboard's link to the per-pair heatmap (per-pair figures are not Prometheus series).
            HttpResponse<String> heatmap = get(coordinator.httpPort(), HttpApiVerticle.HEATMAP_PATH);
            assertThat(heatmap.statusCode()).isEqualTo(200);
            assertThat(heatmap.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/html"));
        } finally {
            if (coordinator != null) {
                coordinator.close();
            }
            agents.forEach(AgentService::stop);
        }
    }

    @Test
    void theImagesCopyTheJarsTheBuildProduces() throws IOException {
        for (Path file : List.of(Images.AGENT, Images.COORDINATOR)) {
            for (String jar : Images.copied(file)) {
                Path built = Path.of("..").resolve(jar);
                assertThat(built).as(file + " copies " + jar).isRegularFile();
                try (JarFile j = new JarFile(built.toFile())) {
                    assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).as(jar).isNotBlank();
                }
            }
        }
    }

    /** Series names in the dashboard's expressions and the PrometheusRule's. */
    static Set<String> usedSeries() throws IOException {
        List<String> expressions = expressions();
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = SERIES.matcher(expr);
            assertThat(m.find()).as("no series in " + expr).isTrue();
            do {
                names.add(m.group(1));
            } while (m.find());
        }
        return names;
    }

    /**
     * Each label matcher on a meshperf series names a label that series has (or one the PodMonitor
     * adds), and each value it matches literally is one the label can take.
     */
    private static void checkSelectors(List<String> expressions, Map<String, Set<String>> labels) {
        for (String expr : expressions) {
            Matcher s = SELECTOR.matcher(expr);
            while (s.find()) {
                String series = s.group(1);
                Matcher m = MATCHER.matcher(s.group(2));
                while (m.find()) {
                    String label = m.group(1);
                    boolean known = labels.getOrDefault(series, Set.of()).contains(label) || SCRAPE_LABELS.contains(label);
                    assertThat(known).as(series + " has no label " + label + " (" + expr + ")").isTrue();
                    if (LABEL_VALUES.containsKey(label)) {
                        for (String value : m.group(3).split("\\|")) {
                            assertThat(LABEL_VALUES.get(label)).as(label + " value in " + expr).contains(value);
                        }
                    }
                }
            }
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> out = new TreeSet<>();
        for (Enum<?> v : values) {
            out.add(v.name());
        }
        return out;
    }

    /** Every expression of the dashboard and the PrometheusRule. */
    static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("dashboards/meshperf.json")));
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        Rendered monitoring = Rendered.of("overlays/prometheus-operator");
        List<GenericKubernetesResource> rules = monitoring.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("PrometheusRule")).toList();
        assertThat(rules).hasSize(1);
        JsonNode spec = new ObjectMapper().valueToTree(rules.get(0).getAdditionalProperties().get("spec"));
        spec.findValues("expr").forEach(e -> expressions.add(e.asText()));
        assertThat(expressions).hasSizeGreaterThan(20);
        return expressions;
    }

    private static Set<String> exported(List<AgentService> agents, CoordinatorService coordinator) throws Exception {
        return labelsBySeries(agents, coordinator).keySet();
    }

    /** Series name to the label names it carries, over the scrapes of every agent and the coordinator. */
    private static Map<String, Set<String>> labelsBySeries(List<AgentService> agents, CoordinatorService coordinator)
            throws Exception {
        Map<String, Set<String>> names = new TreeMap<>();
        List<Integer> ports = new ArrayList<>(agents.stream().map(AgentService::httpPort).toList());
        ports.add(coordinator.httpPort());
        for (int port : ports) {
            for (String line : get(port, "/metrics").body().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String name = line.split("[{ ]", 2)[0];
                    Set<String> labels = names.computeIfAbsent(name, n -> new TreeSet<>());
                    Matcher m = MATCHER.matcher(line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}'))
                            : "");
                    while (m.find()) {
                        labels.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    private static void probe(Container c, int port) throws Exception {
        for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
            int status = get(port, p.getHttpGet().getPath()).statusCode();
            assertThat(status).as(c.getName() + " " + p.getHttpGet().getPath()).isIn(200, 503);
        }
        assertThat(get(port, c.getLivenessProbe().getHttpGet().getPath()).statusCode()).isEqualTo(200);
    }

    private AgentService startAgent(Rendered base, Container container, String node, String bootstrap)
            throws IOException {
        Map<String, String> fields = new HashMap<>(Samples.agentFields());
        fields.put("spec.nodeName", node);
        fields.put("status.podIP", "127.0.0.1");
        fields.put("status.hostIP", "127.0.0.1");
        Map<String, String> env = ContainerEnv.resolve(base, container, fields);
        env.put(AgentSettings.KAFKA_PROPERTIES_FILE.env(), Samples.mountedFile(base,
                base.one(DaemonSet.class, "meshperf-agent-host").getSpec().getTemplate().getSpec(), container,
                env.get(AgentSettings.KAFKA_PROPERTIES_FILE.env())).toString());
        // The test's own: the broker, free ports (other builds share the machine), quick heartbeats.
        Map<String, String> flags = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "QPERF_PORT", "0", "HTTP_PORT", "0",
                "HEARTBEAT_INTERVAL_MS", "500", "KAFKA_TIMEOUT_MS", "10000");
        AgentConfig config = AgentConfig.load(env, flags);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return AgentService.start(config, registry, registry::scrape, Clock.systemUTC());
    }

    private CoordinatorService startCoordinator(Rendered base, Container container, String bootstrap) {
        Map<String, String> fields = new HashMap<>(Samples.coordinatorFields());
        fields.put("status.podIP", "127.0.0.1");
        Map<String, String> env = ContainerEnv.resolve(base, container, fields);
        env.put(CoordinatorSettings.KAFKA_PROPERTIES_FILE.env(), Samples.mountedFile(base,
                base.one(Deployment.class, "meshperf-coordinator").getSpec().getTemplate().getSpec(), container,
                env.get(CoordinatorSettings.KAFKA_PROPERTIES_FILE.env())).toString());
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--kafka-bootstrap-servers", bootstrap);
        flags.put("--http-port", "0");
        flags.put("--aggregation-peer-port", "0");
        flags.put("--round-interval-ms", "6000");
        flags.put("--peers-per-round", "1");
        flags.put("--latency-test-duration-ms", "200");
        flags.put("--bandwidth-test-duration-ms", "300");
        flags.put("--test-overhead-ms", "300");
        flags.put("--bandwidth-duty-cycle-percent", "50");
        flags.put("--control-timeout-ms", "1000");
        flags.put("--deadline-grace-ms", "1500");
        flags.put("--result-grace-ms", "1000");
        flags.put("--leader-timeout-ms", "3000");
        // Kafka Streams state of this run only: a state directory left by an earlier run would be
        // restored (and wiped as corrupt under exactly-once) before the stores answer.
        flags.put("--aggregation-state-dir", streamsState.toString());
        flags.put("--aggregate-metrics-refresh-ms", "1000");
        CoordinatorService service = new CoordinatorService(CoordinatorConfig.from(flags, env), Clock.systemUTC(),
                () -> server.createClient());
        service.start();
        return service;
    }

    private void hostAgentPod(String node, String ip, int qperfPort) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        client.pods().inNamespace("meshperf").resource(new PodBuilder()
                .withNewMetadata().withName("meshperf-agent-host-" + node).withNamespace("meshperf")
                    .addToLabels("app.kubernetes.io/name", "meshperf-agent").addToLabels("meshperf.io/network", "host")
                .endMetadata()
                .withNewSpec().withNodeName(node).withHostNetwork(true)
                    .addNewContainer().withName("agent").withImage("meshperf/probe-agent")
                        .addNewPort().withName("qperf").withContainerPort(qperfPort).endPort()
                    .endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP(ip)
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build()).create();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
