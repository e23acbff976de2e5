package io.meshperf.coordinator.discovery.registration;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link RegistrationTargetSource} reads agent registrations.
 *
 * <p>Immutable and checked when built: a bad value fails in the constructor with an
 * {@link IllegalArgumentException} naming the setting.
 *
 * @param clusterName      only agents registered for this cluster are targets
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topic            the compacted registration topic
 * @param heartbeatExpiry  an agent whose {@code lastHeartbeat} is older than this is dropped;
 *                         several heartbeat intervals plus the worst clock skew between hosts
 * @param pollTimeout      longest a poll waits for records; also how late an expiry may be noticed
 * @param startTimeout     how long {@code start()} waits to read the topic up to its end
 * @param serviceAddress   the Service to measure through, if any
 */
public record RegistrationDiscoveryConfig(
        String clusterName,
        String bootstrapServers,
        String topic,
        Duration heartbeatExpiry,
        Duration pollTimeout,
        Duration startTimeout,
        Optional<ServiceAddress> serviceAddress) {

    public static final String DEFAULT_TOPIC = "meshperf.agents";
    public static final Duration DEFAULT_HEARTBEAT_EXPIRY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    public RegistrationDiscoveryConfig {
        if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("clusterName must be letters, digits, '-', '_' or '.', at most 63,"
                    + " no '/' (it is part of the agent id), got '" + clusterName + "'");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is required (host:port[,host:port...])");
        }
        for (String server : bootstrapServers.split(",")) {
            if (server.isBlank() || server.strip().lastIndexOf(':') < 1) {
                throw new IllegalArgumentException("bootstrapServers must be host:port[,host:port...], got '"
                        + bootstrapServers + "'");
            }
        }
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("topic must be a Kafka topic name, got '" + topic + "'");
        }
        positive("heartbeatExpiry", heartbeatExpiry);
        positive("pollTimeout", pollTimeout);
        positive("startTimeout", startTimeout);
        Objects.requireNonNull(serviceAddress, "serviceAddress (use Optional.empty())");
    }

    /** Defaults for everything but the cluster and the broker; no Service. */
    public static RegistrationDiscoveryConfig defaults(String clusterName, String bootstrapServers) {
        return new RegistrationDiscoveryConfig(clusterName, bootstrapServers, DEFAULT_TOPIC,
                DEFAULT_HEARTBEAT_EXPIRY, DEFAULT_POLL_TIMEOUT, DEFAULT_START_TIMEOUT, Optional.empty());
    }

    /** A copy measuring through the given Service. */
    public RegistrationDiscoveryConfig withServiceAddress(ServiceAddress address) {
        return new RegistrationDiscoveryConfig(clusterName, bootstrapServers, topic, heartbeatExpiry,
                pollTimeout, startTimeout, Optional.of(address));
    }

    /** A copy with another heartbeat expiry. */
    public RegistrationDiscoveryConfig withHeartbeatExpiry(Duration expiry) {
        return new RegistrationDiscoveryConfig(clusterName, bootstrapServers, topic, expiry,
                pollTimeout, startTimeout, serviceAddress);
    }

    /** A copy with another poll timeout. */
    public RegistrationDiscoveryConfig withPollTimeout(Duration timeout) {
        return new RegistrationDiscoveryConfig(clusterName, bootstrapServers, topic, heartbeatExpiry,
                timeout, startTimeout, serviceAddress);
    }

    /** A copy with another bound on {@code start()}. */
    public RegistrationDiscoveryConfig withStartTimeout(Duration timeout) {
        return new RegistrationDiscoveryConfig(clusterName, bootstrapServers, topic, heartbeatExpiry,
                pollTimeout, timeout, serviceAddress);
    }

    /** A copy reading another topic. */
    public RegistrationDiscoveryConfig withTopic(String otherTopic) {
        return new RegistrationDiscoveryConfig(clusterName, bootstrapServers, otherTopic, heartbeatExpiry,
                pollTimeout, startTimeout, serviceAddress);
    }

    private static void positive(String setting, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " is required");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + value);
        }
    }
}
