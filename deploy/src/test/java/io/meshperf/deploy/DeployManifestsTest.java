package io.meshperf.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.coordinator.config.CoordinatorSettings;
import io.meshperf.coordinator.discovery.kubernetes.ApiAccess;
import io.meshperf.coordinator.discovery.kubernetes.KubernetesDiscoveryConfig;
import io.meshperf.coordinator.discovery.kubernetes.KubernetesTargetSource;
import io.meshperf.coordinator.leader.KubernetesLeaderElection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests against the code: they render, load as typed objects without unknown fields, and
 * agree with what the agent, the coordinator and discovery expect (labels, ports, settings, RBAC).
 * Runs {@code kubectl kustomize}; no cluster, no network.
 */
class DeployManifestsTest {

    static final KubernetesDiscoveryConfig DISCOVERY = KubernetesDiscoveryConfig.defaults("c1");
    /** Everything the coordinator calls on the API server: discovery's access and the election's. */
    static final List<ApiAccess> COORDINATOR_ACCESS = Stream.concat(KubernetesTargetSource.REQUIRED_ACCESS.stream(),
            KubernetesLeaderElection.REQUIRED_ACCESS.stream()).toList();

    private final Rendered base = Rendered.of("base");

    @Test
    void everyOverlayLoadsAsTypedObjectsWithoutUnknownFields() {
        for (String dir : Rendered.OVERLAYS) {
            Rendered r = dir.equals("base") ? base : Rendered.of(dir);
            assertThat(r.objects).as(dir).isNotEmpty();
            for (HasMetadata o : r.objects) {
                if (o instanceof GenericKubernetesResource g) {
                    // fabric8 8.0.0 has no model for Strimzi's or the Prometheus operator's resources
                    // (openshift-model-monitoring is not published for 8.0.0); their fields are checked
                    // by ImagesAndTopicsTest and MetricNamesIT.
                    assertThat(g.getApiVersion()).as(dir + " untyped " + g.getKind())
                            .matches("(kafka\\.strimzi\\.io|monitoring\\.coreos\\.com)/v1(beta2)?");
                } else {
                    assertThat(Rendered.unknownFields(o)).as(dir + " " + o.getKind() + " "
                            + o.getMetadata().getName()).isEmpty();
                }
                if (!Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass").contains(o.getKind())) {
                    assertThat(o.getMetadata().getNamespace()).as(dir + " " + o.getKind()).isEqualTo("meshperf");
                }
            }
        }
    }

    @Test
    void workloadSelectorsMatchTheirTemplatesAndServicesSelectTheRightPods() {
        DaemonSet podAgents = base.one(DaemonSet.class, "meshperf-agent-pod");
        DaemonSet hostAgents = base.one(DaemonSet.class, "meshperf-agent-host");
        Deployment coordinator = base.one(Deployment.class, "meshperf-coordinator");
        for (DaemonSet ds : List.of(podAgents, hostAgents)) {
            assertSelects(ds.getSpec().getSelector().getMatchLabels(), ds.getSpec().getTemplate(), true);
        }
        assertSelects(coordinator.getSpec().getSelector().getMatchLabels(), coordinator.getSpec().getTemplate(), true);
        // Each DaemonSet's selector must not adopt the other's pods.
        assertSelects(podAgents.getSpec().getSelector().getMatchLabels(), hostAgents.getSpec().getTemplate(), false);
        assertSelects(hostAgents.getSpec().getSelector().getMatchLabels(), podAgents.getSpec().getTemplate(), false);

        Map<String, String> agentService = base.one(Service.class, DISCOVERY.serviceName()).getSpec().getSelector();
        assertSelects(agentService, podAgents.getSpec().getTemplate(), true);
        assertSelects(agentService, hostAgents.getSpec().getTemplate(), false);
        assertThat(agentService).containsEntry(DISCOVERY.networkLabelKey(), DISCOVERY.podNetworkValue());
        assertSelects(base.one(Service.class, "meshperf-coordinator").getSpec().getSelector(),
                coordinator.getSpec().getTemplate(), true);
        assertSelects(base.one(PodDisruptionBudget.class, "meshperf-coordinator").getSpec().getSelector()
                .getMatchLabels(), coordinator.getSpec().getTemplate(), true);
        assertThat(coordinator.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void agentPodsCarryTheLabelsAndPortsDiscoveryReads() {
        for (DaemonSet ds : base.all(DaemonSet.class)) {
            Map<String, String> labels = ds.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(labels).containsEntry(DISCOVERY.podLabelKey(), DISCOVERY.podLabelValue());
            String network = labels.get(DISCOVERY.networkLabelKey());
            PodSpec spec = ds.getSpec().getTemplate().getSpec();
            assertThat(Boolean.TRUE.equals(spec.getHostNetwork())).as(ds.getMetadata().getName())
                    .isEqualTo(network.equals(DISCOVERY.hostNetworkValue()));
            Container agent = only(spec);
            ContainerPort qperf = port(agent, DISCOVERY.portName());
            assertThat(qperf.getProtocol()).isEqualTo("TCP");
            assertThat(qperf.getContainerPort()).isEqualTo(AgentSettings.QPERF_PORT.defaultValue());
            // SINGLE_FLOW UDP flows arrive on the TCP listen port's number.
            assertThat(agent.getPorts()).anySatisfy(p -> {
                assertThat(p.getProtocol()).isEqualTo("UDP");
                assertThat(p.getContainerPort()).isEqualTo(qperf.getContainerPort());
            });
            assertThat(spec.getTolerations()).as("tolerates every taint").anySatisfy(t -> {
                assertThat(t.getOperator()).isEqualTo("Exists");
                assertThat(t.getKey()).isNull();
                assertThat(t.getEffect()).isNull();
            });
            assertThat(base.find(PriorityClass.class, spec.getPriorityClassName())).isPresent();
            assertThat(spec.getEnableServiceLinks()).isFalse();
            assertThat(spec.getAutomountServiceAccountToken()).isFalse();
            assertThat(agent.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(agent.getResources().getLimits()).containsKey("memory");
            assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        }
    }

    @Test
    void theAgentServiceExposesTheEnginePortsOfThePodNetworkAgents() {
        Service service = base.one(Service.class, DISCOVERY.serviceName());
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).as("not headless").isNull();
        Container agent = only(base.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate().getSpec());
        ServicePort qperf = service.getSpec().getPorts().stream().filter(p -> p.getName().equals(DISCOVERY.portName()))
                .findFirst().orElseThrow(() -> new AssertionError("no Service port named " + DISCOVERY.portName()));
        assertThat(qperf.getProtocol()).isEqualTo("TCP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getProtocol).containsExactlyInAnyOrder("TCP",
                "UDP");
        for (ServicePort p : service.getSpec().getPorts()) {
            assertThat(p.getPort()).isEqualTo(qperf.getPort());
            ContainerPort target = port(agent, p.getTargetPort().getStrVal());
            assertThat(target.getProtocol()).isEqualTo(p.getProtocol());
            assertThat(target.getContainerPort()).isEqualTo(AgentSettings.QPERF_PORT.defaultValue());
        }
    }

    @Test
    void agentEnvironmentIsExactlyAgentSettingsAndValid() {
        Set<String> settings = new TreeSet<>(AgentSettings.ALL.stream().map(s -> s.env()).toList());
        for (DaemonSet ds : base.all(DaemonSet.class)) {
            Container agent = only(ds.getSpec().getTemplate().getSpec());
            Map<String, String> env = ContainerEnv.resolve(base, agent, Samples.agentFields());
            checkNames(ds.getMetadata().getName(), agent, settings);
            env.put(AgentSettings.KAFKA_PROPERTIES_FILE.env(),
                    Samples.mountedFile(base, ds.getSpec().getTemplate().getSpec(), agent,
                            env.get(AgentSettings.KAFKA_PROPERTIES_FILE.env())).toString());
            AgentConfig config = AgentConfig.load(env, Map.of());
            String network = ds.getSpec().getTemplate().getMetadata().getLabels().get(DISCOVERY.networkLabelKey());
            assertThat(config.agentId().toString()).isEqualTo("my-cluster/node-1/" + network);
            assertThat(config.ignoredVariables()).isEmpty();
            assertThat(config.get(AgentSettings.ZONE)).as("an unlabelled pod's empty zone means unset").isNull();
            assertThat(port(agent, "http").getContainerPort()).isEqualTo(config.get(AgentSettings.HTTP_PORT));
            assertThat(port(agent, DISCOVERY.portName()).getContainerPort())
                    .isEqualTo(config.get(AgentSettings.QPERF_PORT));
        }
    }

    @Test
    void coordinatorEnvironmentIsExactlyCoordinatorSettingsAndValid() {
        Deployment d = base.one(Deployment.class, "meshperf-coordinator");
        Container c = only(d.getSpec().getTemplate().getSpec());
        checkNames("meshperf-coordinator", c, new TreeSet<>(CoordinatorSettings.ALL.stream().map(s -> s.env()).toList()));
        Map<String, String> env = ContainerEnv.resolve(base, c, Samples.coordinatorFields());
        env.put(CoordinatorSettings.KAFKA_PROPERTIES_FILE.env(), Samples.mountedFile(base, d.getSpec().getTemplate()
                .getSpec(), c, env.get(CoordinatorSettings.KAFKA_PROPERTIES_FILE.env())).toString());
        CoordinatorConfig config = CoordinatorConfig.from(Map.of(), env);
        assertThat(config.kafkaProperties()).as("the sample client.properties holds only comments").isEmpty();
        assertThat(env).containsEntry(CoordinatorSettings.NAMESPACE.env(), DISCOVERY.namespace())
                .containsEntry(CoordinatorSettings.SERVICE_NAME.env(), DISCOVERY.serviceName())
                .containsEntry(CoordinatorSettings.HTTP_PORT.env(), String.valueOf(port(c, "http").getContainerPort()));
        // The same cluster name for agents and coordinator, or jobs would never reach the agents.
        Container agent = only(base.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate().getSpec());
        assertThat(ContainerEnv.resolve(base, agent, Samples.agentFields()).get("MESHPERF_CLUSTER"))
                .isEqualTo(env.get("MESHPERF_CLUSTER"));
    }

    @Test
    void theCoordinatorAdvertisesItsPodIpAndPeerPortToTheOtherReplicas() {
        Deployment d = base.one(Deployment.class, "meshperf-coordinator");
        Container c = only(d.getSpec().getTemplate().getSpec());
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals(CoordinatorSettings.AGGREGATION_ADVERTISED_ADDRESS.env()))
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("status.podIP"));
        Map<String, String> env = ContainerEnv.resolve(base, c, Samples.coordinatorFields());
        env.remove(CoordinatorSettings.KAFKA_PROPERTIES_FILE.env());
        var aggregation = CoordinatorConfig.from(Map.of(), env).aggregation();
        ContainerPort peer = port(c, "peer");
        assertThat(aggregation.peerPort()).isEqualTo(peer.getContainerPort()).isNotEqualTo(port(c, "http")
                .getContainerPort());
        assertThat(aggregation.applicationServer(peer.getContainerPort()))
                .isEqualTo(Samples.coordinatorFields().get("status.podIP") + ":" + peer.getContainerPort());
        // Replica to replica only: the Service (and so any ingress in front of it) does not expose it.
        assertThat(base.one(Service.class, "meshperf-coordinator").getSpec().getPorts())
                .extracting(p -> p.getTargetPort().getStrVal()).containsExactly("http");
    }

    @Test
    void probesUseTheHttpPortAndPathsTheServersServe() {
        Map<String, Set<String>> served = Map.of("agent", Set.of("/healthz", "/readyz"),
                "coordinator", Set.of("/healthz", "/readyz"));
        List<Container> containers = new ArrayList<>();
        base.all(DaemonSet.class).forEach(ds -> containers.add(only(ds.getSpec().getTemplate().getSpec())));
        containers.add(only(base.one(Deployment.class, "meshperf-coordinator").getSpec().getTemplate().getSpec()));
        for (Container c : containers) {
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            for (Probe p : Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()).toList()) {
                assertThat(served.get(c.getName())).contains(p.getHttpGet().getPath());
                port(c, p.getHttpGet().getPort().getStrVal());
                assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http");
            }
        }
    }

    @Test
    void rbacGrantsTheCoordinatorExactlyWhatItCallsAndTheAgentsNothing() {
        List<ApiAccess> namespaced = new ArrayList<>();
        List<ApiAccess> cluster = new ArrayList<>();
        for (RoleBinding b : base.all(RoleBinding.class)) {
            assertThat(b.getSubjects()).extracting(s -> s.getName()).containsOnly("meshperf-coordinator");
            namespaced.addAll(access(base.one(Role.class, b.getRoleRef().getName()).getRules(), true));
        }
        for (ClusterRoleBinding b : base.all(ClusterRoleBinding.class)) {
            assertThat(b.getSubjects()).extracting(s -> s.getName()).containsOnly("meshperf-coordinator");
            cluster.addAll(access(base.one(ClusterRole.class, b.getRoleRef().getName()).getRules(), false));
        }
        // Exactly the union of what discovery and the election declare: nothing missing, nothing more.
        assertThat(namespaced).containsExactlyInAnyOrderElementsOf(COORDINATOR_ACCESS.stream()
                .filter(ApiAccess::namespaced).toList());
        assertThat(cluster).containsExactlyInAnyOrderElementsOf(COORDINATOR_ACCESS.stream()
                .filter(a -> !a.namespaced()).toList());
        ServiceAccount agents = base.one(ServiceAccount.class, "meshperf-agent");
        assertThat(agents.getAutomountServiceAccountToken()).isFalse();
        base.all(DaemonSet.class).forEach(ds -> assertThat(ds.getSpec().getTemplate().getSpec()
                .getServiceAccountName()).isEqualTo("meshperf-agent"));
        assertThat(base.one(Deployment.class, "meshperf-coordinator").getSpec().getTemplate().getSpec()
                .getServiceAccountName()).isEqualTo("meshperf-coordinator");
    }

    @Test
    void containersRunUnprivilegedOnAReadOnlyRoot() {
        List<PodTemplateSpec> templates = new ArrayList<>();
        base.all(DaemonSet.class).forEach(ds -> templates.add(ds.getSpec().getTemplate()));
        base.all(Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        base.all(io.fabric8.kubernetes.api.model.batch.v1.Job.class).forEach(j -> templates.add(j.getSpec().getTemplate()));
        for (PodTemplateSpec t : templates) {
            assertThat(t.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(t.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(Images.USER);
            for (Container c : t.getSpec().getContainers()) {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
                assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
            }
        }
    }

    @Test
    void networkPolicyDeniesInboundButAgentsToAgentsAndHttp() {
        NetworkPolicy deny = base.one(NetworkPolicy.class, "meshperf-default-deny-ingress");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        NetworkPolicy agents = base.one(NetworkPolicy.class, "meshperf-agent");
        assertSelects(agents.getSpec().getPodSelector().getMatchLabels(),
                base.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate(), true);
        assertThat(agents.getSpec().getIngress()).hasSize(2);
        assertThat(agents.getSpec().getIngress().get(0).getFrom()).singleElement().satisfies(peer ->
                assertSelects(peer.getPodSelector().getMatchLabels(),
                        base.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate(), true));
        assertThat(agents.getSpec().getIngress().get(1).getFrom()).isNullOrEmpty();
        assertThat(agents.getSpec().getIngress().get(1).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
        NetworkPolicy coordinator = base.one(NetworkPolicy.class, "meshperf-coordinator");
        PodTemplateSpec coordinatorPods = base.one(Deployment.class, "meshperf-coordinator").getSpec().getTemplate();
        assertSelects(coordinator.getSpec().getPodSelector().getMatchLabels(), coordinatorPods, true);
        assertThat(coordinator.getSpec().getIngress()).hasSize(2);
        assertThat(coordinator.getSpec().getIngress().get(0)).satisfies(rule -> {
            assertThat(rule.getFrom()).isNullOrEmpty();
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
        });
        // The peer port (no authentication) only from the other coordinator replicas.
        assertThat(coordinator.getSpec().getIngress().get(1)).satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertSelects(peer.getPodSelector().getMatchLabels(), coordinatorPods, true);
                assertSelects(peer.getPodSelector().getMatchLabels(),
                        base.one(DaemonSet.class, "meshperf-agent-pod").getSpec().getTemplate(), false);
            });
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("peer"));
        });
        port(only(coordinatorPods.getSpec()), "peer");
    }

    @Test
    void everyKafkaClientTakesItsConnectionFromTheOneSecret() {
        Secret kafka = base.one(Secret.class, "meshperf-kafka");
        assertThat(kafka.getData()).containsKeys("bootstrap.servers", "client.properties");
        List<PodSpec> pods = new ArrayList<>();
        base.all(DaemonSet.class).forEach(ds -> pods.add(ds.getSpec().getTemplate().getSpec()));
        pods.add(base.one(Deployment.class, "meshperf-coordinator").getSpec().getTemplate().getSpec());
        assertThat(pods).hasSize(3);
        for (PodSpec pod : pods) {
            Container c = only(pod);
            assertThat(c.getEnv()).as(c.getName()).filteredOn(e -> e.getName().equals("MESHPERF_KAFKA_BOOTSTRAP_SERVERS"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("meshperf-kafka");
                        assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("bootstrap.servers");
                    });
            // TLS and SASL settings: the Secret's client.properties, mounted where the variable points.
            String file = c.getEnv().stream().filter(e -> e.getName().equals("MESHPERF_KAFKA_PROPERTIES_FILE"))
                    .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no Kafka properties file"))
                    .getValue();
            assertThat(Samples.mountedFile(base, pod, c, file))
                    .hasBinaryContent(java.util.Base64.getMimeDecoder().decode(kafka.getData().get("client.properties")));
            assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement()
                    .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("meshperf-kafka"));
        }
    }

    static void assertSelects(Map<String, String> selector, PodTemplateSpec template, boolean expected) {
        Map<String, String> labels = template.getMetadata().getLabels();
        boolean selects = !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        assertThat(selects).as("selector " + selector + " on labels " + labels).isEqualTo(expected);
    }

    static Container only(PodSpec spec) {
        assertThat(spec.getContainers()).hasSize(1);
        assertThat(spec.getInitContainers()).isNullOrEmpty();
        return spec.getContainers().get(0);
    }

    static ContainerPort port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    /**
     * Every {@code MESHPERF_*} variable must be a setting (a renamed setting fails here); any other
     * variable must only feed a {@code $(...)} reference of one.
     */
    private static void checkNames(String what, Container c, Set<String> settings) {
        Map<String, String> values = new HashMap<>();
        c.getEnv().forEach(e -> values.put(e.getName(), e.getValue() == null ? "" : e.getValue()));
        for (String name : values.keySet()) {
            if (name.startsWith("MESHPERF_")) {
                assertThat(settings).as(what + " sets " + name + ", which the code does not read").contains(name);
            } else {
                assertThat(values.values()).as(what + ": helper " + name + " must feed a MESHPERF_ variable")
                        .anyMatch(v -> v.contains("$(" + name + ")"));
            }
        }
    }

    private static List<ApiAccess> access(List<PolicyRule> rules, boolean namespaced) {
        List<ApiAccess> out = new ArrayList<>();
        for (PolicyRule r : rules) {
            assertThat(r.getResourceNames()).as("no resourceNames expected").isNullOrEmpty();
            for (String group : r.getApiGroups()) {
                for (String resource : r.getResources()) {
                    assertThat(resource).doesNotContain("*");
                    assertThat(r.getVerbs()).doesNotContain("*");
                    out.add(new ApiAccess(group, resource, namespaced, r.getVerbs()));
                }
            }
        }
        return out;
    }
}
