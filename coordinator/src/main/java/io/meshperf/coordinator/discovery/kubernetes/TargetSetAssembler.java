package io.meshperf.coordinator.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.Node;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link TargetSet} from the Kubernetes objects the informers hold: Nodes, agent Pods,
 * the agent Service and its EndpointSlices.
 *
 * <p>Pure: no I/O, no clock, no logging; what it had to leave out comes back as
 * {@link Assembly#skipped()} so the caller decides how loudly to say so. Thread-safe (stateless).
 * Never throws for odd cluster state (a pod before its node, a Service without the port): such
 * objects are skipped with a reason, because one broken object must not hide the whole cluster.
 */
final class TargetSetAssembler {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String REGION_LABEL = "topology.kubernetes.io/region";
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /**
     * The result of one assembly.
     *
     * @param targetSet what can be measured
     * @param skipped   one line per object left out, saying which and why, sorted
     */
    record Assembly(TargetSet targetSet, List<String> skipped) {
        Assembly {
            Objects.requireNonNull(targetSet, "targetSet");
            skipped = skipped.stream().sorted().toList();
        }
    }

    private final KubernetesDiscoveryConfig config;

    TargetSetAssembler(KubernetesDiscoveryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Assembles a target set. The Service is null when it does not exist (yet).
     */
    Assembly assemble(Collection<io.fabric8.kubernetes.api.model.Node> nodes, Collection<Pod> pods,
            Service service, Collection<EndpointSlice> slices) {
        List<String> skipped = new ArrayList<>();
        Map<String, Node> nodesByName = new HashMap<>();
        for (io.fabric8.kubernetes.api.model.Node node : nodes) {
            Node converted = toNode(node);
            nodesByName.put(converted.name(), converted);
        }
        List<Agent> agents = agents(pods, nodesByName, skipped);
        AgentService agentService = service == null ? null : agentService(service, slices, pods, skipped);
        TargetSet set = new TargetSet(config.clusterName(), nodesByName.values(), agents, agentService);
        return new Assembly(set, skipped);
    }

    private static Node toNode(io.fabric8.kubernetes.api.model.Node node) {
        Map<String, String> labels = labels(node);
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(TargetSetAssembler::isReadyTrue);
        return new Node(node.getMetadata().getName(), labels.getOrDefault(ZONE_LABEL, ""),
                labels.getOrDefault(REGION_LABEL, ""), !unschedulable, ready);
    }

    private static boolean isReadyTrue(NodeCondition condition) {
        return "Ready".equals(condition.getType()) && "True".equals(condition.getStatus());
    }

    /**
     * One agent per node and network. A DaemonSet rolling update briefly runs an old and a new pod
     * on one node; the ready one wins, then the one not terminating, then the newer, so the choice
     * is stable from one rebuild to the next.
     */
    private List<Agent> agents(Collection<Pod> pods, Map<String, Node> nodes, List<String> skipped) {
        Map<String, Candidate> best = new HashMap<>();
        for (Pod pod : pods) {
            candidate(pod, nodes, skipped).ifPresent(c -> best.merge(
                    c.agent().node() + "/" + c.agent().network(), c, TargetSetAssembler::better));
        }
        return best.values().stream().map(Candidate::agent).toList();
    }

    private record Candidate(Agent agent, boolean terminating, String created, String pod) {
    }

    private static final Comparator<Candidate> PREFERENCE = Comparator
            .comparing((Candidate c) -> c.agent().ready())
            .thenComparing(c -> !c.terminating())
            .thenComparing(Candidate::created, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::pod);

    private static Candidate better(Candidate a, Candidate b) {
        return PREFERENCE.compare(a, b) >= 0 ? a : b;
    }

    private Optional<Candidate> candidate(Pod pod, Map<String, Node> nodes, List<String> skipped) {
        String podName = qualifiedName(pod);
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isBlank()) {
            return Optional.empty(); // not scheduled yet: nothing to measure, nothing wrong
        }
        if (!nodes.containsKey(nodeName)) {
            skipped.add("agent pod " + podName + ": node " + nodeName + " is not in the cluster");
            return Optional.empty();
        }
        Network network = network(pod);
        if (network == null) {
            skipped.add("agent pod " + podName + ": label " + config.networkLabelKey() + "='"
                    + labels(pod).get(config.networkLabelKey()) + "' is neither '" + config.podNetworkValue()
                    + "' nor '" + config.hostNetworkValue() + "'");
            return Optional.empty();
        }
        Integer port = containerPort(pod);
        if (port == null) {
            skipped.add("agent pod " + podName + ": no container port named '" + config.portName() + "'");
            return Optional.empty();
        }
        String address = address(pod, network);
        if (address == null || address.isBlank()) {
            return Optional.empty(); // no IP yet: the pod is still starting
        }
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = !terminating && isReady(pod);
        Agent agent = new Agent(Agent.idFor(config.clusterName(), nodeName, network), nodeName, network,
                podName, address, port, ready);
        return Optional.of(new Candidate(agent, terminating, pod.getMetadata().getCreationTimestamp(), podName));
    }

    /** The network label decides; without it, {@code spec.hostNetwork} does. Null if the label is bad. */
    private Network network(Pod pod) {
        String value = labels(pod).get(config.networkLabelKey());
        if (value == null) {
            boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
            return hostNetwork ? Network.HOST : Network.POD;
        }
        if (value.equals(config.podNetworkValue())) {
            return Network.POD;
        }
        if (value.equals(config.hostNetworkValue())) {
            return Network.HOST;
        }
        return null;
    }

    private Integer containerPort(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return null;
        }
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (config.portName().equals(port.getName()) && port.getContainerPort() != null) {
                    return port.getContainerPort();
                }
            }
        }
        return null;
    }

    /** A host agent is reached on its node's IP, a pod agent on its pod IP. */
    private static String address(Pod pod, Network network) {
        if (pod.getStatus() == null) {
            return null;
        }
        String hostIp = pod.getStatus().getHostIP();
        String podIp = pod.getStatus().getPodIP();
        return network == Network.HOST && hostIp != null && !hostIp.isBlank() ? hostIp : podIp;
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(TargetSetAssembler::isReadyTrue);
    }

    private static boolean isReadyTrue(PodCondition condition) {
        return "Ready".equals(condition.getType()) && "True".equals(condition.getStatus());
    }

    private AgentService agentService(Service service, Collection<EndpointSlice> slices, Collection<Pod> pods,
            List<String> skipped) {
        String name = qualifiedName(service);
        String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        if (clusterIp == null || clusterIp.isBlank() || "None".equals(clusterIp)) {
            // A headless Service resolves straight to pod IPs: there is no kube-proxy hop to measure.
            skipped.add("service " + name + ": no ClusterIP (" + clusterIp + ")");
            return null;
        }
        Integer port = servicePort(service);
        if (port == null) {
            skipped.add("service " + name + ": no port named '" + config.portName() + "'");
            return null;
        }
        return new AgentService(name, clusterIp, port, backends(slices, pods, skipped));
    }

    private Integer servicePort(Service service) {
        if (service.getSpec().getPorts() == null) {
            return null;
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> config.portName().equals(p.getName()))
                .map(ServicePort::getPort)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * The ready endpoints of every slice of the Service, each pod and address once, sorted so the
     * order does not depend on which slice the controller put an endpoint in.
     */
    private List<ServiceBackend> backends(Collection<EndpointSlice> slices, Collection<Pod> pods,
            List<String> skipped) {
        Map<String, String> nodeOfPod = new HashMap<>();
        for (Pod pod : pods) {
            if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
                nodeOfPod.put(qualifiedName(pod), pod.getSpec().getNodeName());
            }
        }
        Set<ServiceBackend> backends = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            if (!config.serviceName().equals(labels(slice).get(SERVICE_NAME_LABEL))
                    || "FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                backend(slice, endpoint, nodeOfPod, skipped).ifPresent(backends::add);
            }
        }
        return backends.stream()
                .sorted(Comparator.comparing(ServiceBackend::pod).thenComparing(ServiceBackend::address))
                .toList();
    }

    private Optional<ServiceBackend> backend(EndpointSlice slice, Endpoint endpoint, Map<String, String> nodeOfPod,
            List<String> skipped) {
        // The API says an unset ready condition means ready.
        boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                || endpoint.getConditions().getReady();
        if (!ready || endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
            return Optional.empty();
        }
        String address = endpoint.getAddresses().get(0);
        ObjectReference ref = endpoint.getTargetRef();
        if (ref == null || !"Pod".equals(ref.getKind()) || ref.getName() == null) {
            skipped.add("endpoint " + address + " of slice " + qualifiedName(slice) + ": not backed by a pod");
            return Optional.empty();
        }
        String namespace = ref.getNamespace() == null ? slice.getMetadata().getNamespace() : ref.getNamespace();
        String pod = namespace + "/" + ref.getName();
        String node = endpoint.getNodeName() != null ? endpoint.getNodeName() : nodeOfPod.get(pod);
        if (node == null || node.isBlank()) {
            skipped.add("endpoint " + address + " of slice " + qualifiedName(slice) + ": node of pod " + pod
                    + " unknown");
            return Optional.empty();
        }
        return Optional.of(new ServiceBackend(pod, node, address));
    }

    private static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static String qualifiedName(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
