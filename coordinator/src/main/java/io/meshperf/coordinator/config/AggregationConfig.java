package io.meshperf.coordinator.config;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The aggregation part of the coordinator's configuration: whether this replica runs the Kafka
 * Streams aggregation, what the topology needs ({@link AggregationSettings}) and how Kafka Streams
 * runs it. Immutable; built by {@link CoordinatorConfig#from}.
 *
 * @param enabled          whether the replica aggregates and serves the aggregate API
 * @param settings         topics, window sizes, grace, history, Service weights
 * @param applicationId    Kafka Streams application id: equal across one cluster's replicas only
 * @param stateDir         where the RocksDB stores live
 * @param streamThreads    Kafka Streams threads
 * @param commitInterval   Kafka Streams commit interval
 * @param peerPort         port of the replica-to-replica endpoint; 0 picks a free one
 * @param advertisedHost   host other replicas reach this one at
 * @param advertisedPort   port other replicas reach this one at; 0: the peer port actually bound
 * @param metricsRefresh   how often the aggregate gauges re-read the stores
 */
public record AggregationConfig(boolean enabled, AggregationSettings settings, String applicationId, Path stateDir,
                                int streamThreads, Duration commitInterval, int peerPort, String advertisedHost,
                                int advertisedPort, Duration metricsRefresh) {

    public AggregationConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(metricsRefresh, "metricsRefresh");
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, got " + streamThreads);
        }
        if (peerPort < 0 || peerPort > 65535) {
            throw new IllegalArgumentException("peerPort must be 0..65535, got " + peerPort);
        }
        if (advertisedPort < 0 || advertisedPort > 65535) {
            throw new IllegalArgumentException("advertisedPort must be 0..65535, got " + advertisedPort);
        }
    }

    /**
     * The {@code application.server} value: the advertised host (an IPv6 literal in brackets) and the
     * advertised port, or the peer port bound.
     */
    public String applicationServer(int boundPeerPort) {
        String host = advertisedHost.indexOf(':') >= 0 && !advertisedHost.startsWith("[")
                ? "[" + advertisedHost + "]" : advertisedHost;
        return host + ":" + (advertisedPort == 0 ? boundPeerPort : advertisedPort);
    }
}
