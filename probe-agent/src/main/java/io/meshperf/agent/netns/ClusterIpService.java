package io.meshperf.agent.netns;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A ClusterIP Service as kube-proxy's iptables mode implements it: a virtual IPv4 address, its
 * ports, and the endpoint (backend) addresses that new connections are spread over evenly.
 *
 * @param namespace the Kubernetes namespace (part of the chain-name hash), e.g. {@code default}
 * @param name the Service name
 * @param clusterIp the virtual IPv4 address, e.g. {@code 10.96.0.10}
 * @param ports at least one port
 * @param endpoints at least one distinct endpoint IPv4 address
 */
public record ClusterIpService(String namespace, String name, String clusterIp, List<ServicePort> ports,
        List<String> endpoints) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public ClusterIpService {
        requireLabel("namespace", namespace);
        requireLabel("name", name);
        requireIpv4("clusterIp", clusterIp);
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " needs at least one port");
        }
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " needs at least one endpoint");
        }
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
        endpoints.forEach(ep -> requireIpv4("endpoint", ep));
        if (new HashSet<>(endpoints).size() != endpoints.size()) {
            throw new IllegalArgumentException("service " + name + " lists an endpoint twice: " + endpoints);
        }
    }

    /** kube-proxy's name for one port: {@code namespace/name:port}. */
    public String portName(ServicePort port) {
        return namespace + "/" + name + ":" + port.name();
    }

    private static void requireLabel(String what, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid service " + what + " '" + value + "'");
        }
    }

    private static void requireIpv4(String what, String value) {
        if (value == null || !IPV4.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "': expected an IPv4 address");
        }
        for (String octet : value.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                throw new IllegalArgumentException("invalid " + what + " '" + value + "': octet above 255");
            }
        }
    }
}
