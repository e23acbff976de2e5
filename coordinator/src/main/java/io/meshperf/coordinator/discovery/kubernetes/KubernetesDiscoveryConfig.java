package io.meshperf.coordinator.discovery.kubernetes;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where {@link KubernetesTargetSource} finds the agents, their Service and its EndpointSlices.
 *
 * <p>Immutable and checked when built: a bad value fails in the constructor with an
 * {@link IllegalArgumentException} naming the setting. {@link #defaults(String)} gives the values
 * the deploy manifests use; only the cluster name has no default, because the API server does not
 * know it and a guessed name would silently merge two clusters' figures downstream.
 *
 * @param clusterName      first part of every agent id ({@code <cluster>/<node>/<pod|host>})
 * @param namespace        namespace of the agent DaemonSets, the Service and its EndpointSlices
 * @param podLabelKey      label key that selects the agent pods of both DaemonSets
 * @param podLabelValue    value of {@link #podLabelKey}
 * @param networkLabelKey  pod label saying which network an agent measures; when absent,
 *                         {@code spec.hostNetwork} decides
 * @param podNetworkValue  value of {@link #networkLabelKey} for the pod-network DaemonSet
 * @param hostNetworkValue value of {@link #networkLabelKey} for the hostNetwork DaemonSet
 * @param serviceName      the agent Service (its EndpointSlices carry
 *                         {@code kubernetes.io/service-name=<serviceName>})
 * @param portName         name of the measurement port on the agent containers, the Service and
 *                         its EndpointSlices
 * @param syncTimeout      how long {@code start()} waits for every informer's first list
 * @param rebuildMinInterval least time between two target-set rebuilds; under a steady stream of
 *                         events (kubelets updating node status) it caps the CPU discovery uses,
 *                         at the price of delaying a change by at most this much; zero disables
 */
public record KubernetesDiscoveryConfig(
        String clusterName,
        String namespace,
        String podLabelKey,
        String podLabelValue,
        String networkLabelKey,
        String podNetworkValue,
        String hostNetworkValue,
        String serviceName,
        String portName,
        Duration syncTimeout,
        Duration rebuildMinInterval) {

    public static final String DEFAULT_NAMESPACE = "meshperf";
    public static final String DEFAULT_POD_LABEL_KEY = "app.kubernetes.io/name";
    public static final String DEFAULT_POD_LABEL_VALUE = "meshperf-agent";
    public static final String DEFAULT_NETWORK_LABEL_KEY = "meshperf.io/network";
    public static final String DEFAULT_POD_NETWORK_VALUE = "pod";
    public static final String DEFAULT_HOST_NETWORK_VALUE = "host";
    public static final String DEFAULT_SERVICE_NAME = "meshperf-agent";
    public static final String DEFAULT_PORT_NAME = "qperf";
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REBUILD_MIN_INTERVAL = Duration.ofSeconds(1);

    // RFC 1123 label (namespace, Service name), RFC 6335 port name, and the label syntax Kubernetes
    // accepts: an optional DNS-subdomain prefix and a name of at most 63 characters.
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PORT_NAME = Pattern.compile("(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    public KubernetesDiscoveryConfig {
        check("clusterName", clusterName, CLUSTER_NAME,
                "letters, digits, '-', '_' or '.', at most 63, no '/' (it is part of the agent id)");
        check("namespace", namespace, DNS_LABEL, "an RFC 1123 label: lower case, digits, '-', at most 63");
        check("podLabelKey", podLabelKey, LABEL_KEY, "a Kubernetes label key");
        check("podLabelValue", podLabelValue, LABEL_VALUE, "a Kubernetes label value");
        check("networkLabelKey", networkLabelKey, LABEL_KEY, "a Kubernetes label key");
        check("podNetworkValue", podNetworkValue, LABEL_VALUE, "a Kubernetes label value");
        check("hostNetworkValue", hostNetworkValue, LABEL_VALUE, "a Kubernetes label value");
        if (podNetworkValue.isEmpty() || podNetworkValue.equals(hostNetworkValue)) {
            throw new IllegalArgumentException("podNetworkValue and hostNetworkValue must be non-empty and differ,"
                    + " got '" + podNetworkValue + "' and '" + hostNetworkValue + "'");
        }
        check("serviceName", serviceName, DNS_LABEL, "an RFC 1123 label: lower case, digits, '-', at most 63");
        check("portName", portName, PORT_NAME, "an IANA port name: lower case, digits, '-', at most 15");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        if (syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw new IllegalArgumentException("syncTimeout must be positive, got " + syncTimeout);
        }
        Objects.requireNonNull(rebuildMinInterval, "rebuildMinInterval");
        if (rebuildMinInterval.isNegative()) {
            throw new IllegalArgumentException("rebuildMinInterval must not be negative, got " + rebuildMinInterval);
        }
    }

    /** The settings the deploy manifests use, for the named cluster. */
    public static KubernetesDiscoveryConfig defaults(String clusterName) {
        return new KubernetesDiscoveryConfig(clusterName, DEFAULT_NAMESPACE, DEFAULT_POD_LABEL_KEY,
                DEFAULT_POD_LABEL_VALUE, DEFAULT_NETWORK_LABEL_KEY, DEFAULT_POD_NETWORK_VALUE,
                DEFAULT_HOST_NETWORK_VALUE, DEFAULT_SERVICE_NAME, DEFAULT_PORT_NAME, DEFAULT_SYNC_TIMEOUT,
                DEFAULT_REBUILD_MIN_INTERVAL);
    }

    /** A copy in another namespace (tests use one namespace per case). */
    public KubernetesDiscoveryConfig withNamespace(String otherNamespace) {
        return new KubernetesDiscoveryConfig(clusterName, otherNamespace, podLabelKey, podLabelValue,
                networkLabelKey, podNetworkValue, hostNetworkValue, serviceName, portName, syncTimeout,
                rebuildMinInterval);
    }

    /** A copy with another bound on the informers' first sync. */
    public KubernetesDiscoveryConfig withSyncTimeout(Duration otherSyncTimeout) {
        return new KubernetesDiscoveryConfig(clusterName, namespace, podLabelKey, podLabelValue,
                networkLabelKey, podNetworkValue, hostNetworkValue, serviceName, portName, otherSyncTimeout,
                rebuildMinInterval);
    }

    /** A copy with another least interval between rebuilds. */
    public KubernetesDiscoveryConfig withRebuildMinInterval(Duration interval) {
        return new KubernetesDiscoveryConfig(clusterName, namespace, podLabelKey, podLabelValue,
                networkLabelKey, podNetworkValue, hostNetworkValue, serviceName, portName, syncTimeout, interval);
    }

    /** The Service's DNS name without the cluster domain, so it resolves whatever the domain is. */
    public String serviceDnsName() {
        return serviceName + "." + namespace + ".svc";
    }

    private static void check(String setting, String value, Pattern pattern, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " is required (" + expected + ")");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(setting + " must be " + expected + ", got '" + value + "'");
        }
    }
}
