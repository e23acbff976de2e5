package io.meshperf.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.ServiceBackend;
import io.meshperf.coordinator.discovery.TargetSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DiscoveredBackendsTest {

    private static final String SERVICE = "meshperf/meshperf-agent";

    private static TargetSet withService(AgentService service) {
        return new TargetSet("prod", List.of(), List.of(), service);
    }

    @Test
    void theOwnClustersServiceHasItsListedBackendsByPod() {
        DiscoveredBackends known = new DiscoveredBackends(() -> withService(new AgentService(SERVICE, "10.96.0.10",
                19765, List.of(new ServiceBackend("meshperf/agent-a", "n1", "10.244.1.5"),
                        new ServiceBackend("meshperf/agent-b", "n2", "10.244.2.5")))));

        assertThat(known.of("prod", SERVICE)).containsExactlyInAnyOrder("meshperf/agent-a", "meshperf/agent-b");
        assertThat(known.of("other", SERVICE)).isEmpty();
        assertThat(known.of("prod", "meshperf/another")).isEmpty();
    }

    @Test
    void unlistedOrAbsentServicesHaveNoKnownBackends() {
        assertThat(new DiscoveredBackends(() -> withService(AgentService.unlisted("10.96.0.10:19765", "10.96.0.10",
                19765))).of("prod", "10.96.0.10:19765")).isEmpty();
        assertThat(new DiscoveredBackends(() -> withService(null)).of("prod", SERVICE)).isEmpty();
        assertThat(new DiscoveredBackends(() -> TargetSet.empty("prod")).of("prod", SERVICE)).isEmpty();
    }

    @Test
    void everyCallReadsTheLatestSnapshot() {
        AtomicReference<TargetSet> latest = new AtomicReference<>(withService(new AgentService(SERVICE, "10.96.0.10",
                19765, List.of(new ServiceBackend("meshperf/agent-a", "n1", "10.244.1.5")))));
        DiscoveredBackends known = new DiscoveredBackends(latest::get);
        assertThat(known.of("prod", SERVICE)).containsExactly("meshperf/agent-a");

        latest.set(withService(new AgentService(SERVICE, "10.96.0.10", 19765, List.of())));

        assertThat(known.of("prod", SERVICE)).isEmpty();
    }
}
