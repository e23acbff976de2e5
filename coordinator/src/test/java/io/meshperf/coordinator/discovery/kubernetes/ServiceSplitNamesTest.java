package io.meshperf.coordinator.discovery.kubernetes;

import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.NS;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.agentPod;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.agentService;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.endpoint;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.node;
import static io.meshperf.coordinator.discovery.kubernetes.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.agent.engine.ServerIdentity;
import io.meshperf.coordinator.aggregation.LoadBalanceSplit;
import io.meshperf.coordinator.aggregation.TestWindow;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.planning.JobKind;
import io.meshperf.coordinator.planning.JobMapper;
import io.meshperf.coordinator.planning.JobTarget;
import io.meshperf.coordinator.planning.PlanConfig;
import io.meshperf.coordinator.planning.PlannedJob;
import io.meshperf.coordinator.service.DiscoveredBackends;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.ResultKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The names a split counts a served test under (from the result a pod-network agent reports, keyed
 * as the planner targets the Service) are the names discovery gives the Service and its backends,
 * so known backends add rows instead of doubling the observed ones.
 */
class ServiceSplitNamesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Pod> PODS = List.of(
            agentPod("agent-pod-n1", "n1", "pod", "10.244.1.5", "192.168.0.1", true),
            agentPod("agent-pod-n2", "n2", "pod", "10.244.2.5", "192.168.0.2", true),
            agentPod("agent-pod-n3", "n3", "pod", "10.244.3.5", "192.168.0.3", true));

    private final TargetSet targets = new TargetSetAssembler(KubernetesDiscoveryConfig.defaults("lab"))
            .assemble(List.of(node("n1", "a", true), node("n2", "a", true), node("n3", "b", true)), PODS,
                    agentService("10.96.0.50"), List.of(slice("s1",
                            endpoint("agent-pod-n1", "n1", "10.244.1.5", true),
                            endpoint("agent-pod-n2", "n2", "10.244.2.5", true),
                            endpoint("agent-pod-n3", "n3", "10.244.3.5", true))))
            .targetSet();

    @Test
    void servedByAndServiceKeyMatchWhatDiscoveryKnows() {
        MeasurementJob job = serviceJob();
        TestWindow window = new TestWindow();
        window.add(servedBy(job, PODS.get(0)));
        window.add(servedBy(job, PODS.get(0)));
        window.add(servedBy(job, PODS.get(2)));
        String serviceKey = ResultKey.of(servedBy(job, PODS.get(0))).dstNode();

        Set<String> known = new DiscoveredBackends(() -> targets).of("lab", serviceKey);

        assertThat(serviceKey).isEqualTo(NS + "/meshperf-agent");
        assertThat(known).containsExactlyInAnyOrder(NS + "/agent-pod-n1", NS + "/agent-pod-n2", NS + "/agent-pod-n3");
        assertThat(known).containsAll(window.servedBy().keySet());
        LoadBalanceSplit split = LoadBalanceSplit.of(window.servedBy(), Map.of(), known);
        assertThat(split.backends()).extracting(LoadBalanceSplit.BackendShare::backend,
                        LoadBalanceSplit.BackendShare::observed)
                .containsExactly(tuple(NS + "/agent-pod-n1", 2L),
                        tuple(NS + "/agent-pod-n2", 0L),
                        tuple(NS + "/agent-pod-n3", 1L));
    }

    /** A POD_TO_SERVICE job from n1's pod agent, planned and mapped as the coordinator publishes it. */
    private MeasurementJob serviceJob() {
        AgentService service = targets.readyService();
        PlannedJob planned = new PlannedJob("job-1", "lab", JobKind.LATENCY, 1, targets.agent("n1", Network.POD)
                .orElseThrow(), "n2", JobTarget.of(service), Path.POD_TO_SERVICE, Duration.ofSeconds(1),
                ProtocolMode.SINGLE_FLOW, T0, T0.plusSeconds(10));
        return new JobMapper(PlanConfig.defaults()).toMeasurementJob(planned, T0);
    }

    /**
     * An OK result of {@code job} served by the agent in {@code pod}: that agent configured from
     * the environment the pod-network DaemonSet gives it (MESHPERF_POD is namespace/name from the
     * downward API), naming itself as its server does, and the client reporting what it was told.
     */
    private static MeasurementResult servedBy(MeasurementJob job, Pod pod) {
        AgentConfig server = AgentConfig.load(Map.of(
                "MESHPERF_CLUSTER", "lab",
                "MESHPERF_NETWORK", "pod",
                "MESHPERF_NODE", pod.getSpec().getNodeName(),
                "MESHPERF_POD", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                "MESHPERF_POD_IP", pod.getStatus().getPodIP(),
                "MESHPERF_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"), Map.of());
        ServerIdentity identity = new ServerIdentity(server.agentId().toString(), server.agentId().node(),
                server.get(AgentSettings.POD));
        return MeasurementResult.newBuilder()
                .setJobId(job.getJobId()).setCluster(job.getCluster()).setPath(job.getPath())
                .setTest(TestType.TCP_LAT).setStatus(Status.OK)
                .setSource(job.getSource()).setTarget(job.getTarget())
                .setStartedAt(T0).setEndedAt(T0.plusSeconds(1)).setDurationSec(1).setMessageSizeBytes(1)
                .setAgentVersion("test").setLatencyNs(150_000.0)
                .setServedBy(ServerIdentity.fromWire(identity.toWire(pod.getStatus().getPodIP(), "test")))
                .build();
    }
}
