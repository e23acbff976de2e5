package io.meshperf.coordinator.service;

import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.query.KnownBackends;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link KnownBackends} from discovery's latest {@link TargetSet}: the ready backends of the agent
 * Service, named by their pod ({@code namespace/name}), which is what a pod-network agent reports
 * as the server of a test (its {@code MESHPERF_POD}) and so what the split counts it under. Only
 * the snapshot's own cluster and its Service (keyed by {@link AgentService#name()}, the
 * destination of a POD_TO_SERVICE result) have backends; a Service whose backends are not listed
 * (registration discovery) has none, which keeps the split to the backends observed serving.
 *
 * <p>Thread-safe and non-blocking as long as the supplier is (a {@code TargetSource#current()}).
 */
public final class DiscoveredBackends implements KnownBackends {

    private final Supplier<TargetSet> targets;

    /** Backends from {@code targets}, read afresh on every call. */
    public DiscoveredBackends(Supplier<TargetSet> targets) {
        this.targets = Objects.requireNonNull(targets, "targets");
    }

    @Override
    public Set<String> of(String cluster, String service) {
        TargetSet set = targets.get();
        if (set == null || !set.cluster().equals(cluster)) {
            return Set.of();
        }
        return set.service()
                .filter(s -> s.backendsListed() && s.name().equals(service))
                .map(s -> s.backends().stream().map(ServiceBackend::pod).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }
}
