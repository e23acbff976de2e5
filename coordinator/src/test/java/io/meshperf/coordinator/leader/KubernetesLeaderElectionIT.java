package io.meshperf.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshperf.coordinator.discovery.kubernetes.ApiAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Lease-based election against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesLeaderElectionIT {

    private static final String NS = "meshperf";
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesMockServer server;
    KubernetesClient client;

    /** Records the calls it gets, in order. */
    private static final class Events implements LeaderElection.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void elected() {
            seen.add("elected");
        }

        @Override
        public void revoked() {
            seen.add("revoked");
        }
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(NS).withName("coordinator").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void oneReplicaHoldsTheLeaseAndACleanStopHandsItOver() {
        Events eventsA = new Events();
        Events eventsB = new Events();
        try (KubernetesLeaderElection a = new KubernetesLeaderElection(client, NS, "coordinator", "a", LEASE);
             KubernetesLeaderElection b = new KubernetesLeaderElection(client, NS, "coordinator", "b", LEASE)) {
            a.start(eventsA);
            await().atMost(WAIT).until(a::isLeader);
            b.start(eventsB);
            await().atMost(WAIT).until(() -> "a".equals(holder()));
            assertThat(b.isLeader()).isFalse();

            a.close();
            await().atMost(WAIT).until(b::isLeader);
            assertThat(a.isLeader()).isFalse();
            assertThat(holder()).isEqualTo("b");
        }
        assertThat(eventsA.seen).containsExactly("elected", "revoked");
        assertThat(eventsB.seen).containsExactly("elected", "revoked");
    }

    @Test
    void itCallsExactlyWhatItsRequiredAccessDeclares() throws Exception {
        while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
            // Drop what earlier tests of this class sent.
        }
        Events events = new Events();
        try (KubernetesLeaderElection a = new KubernetesLeaderElection(client, NS, "declared", "a", LEASE)) {
            a.start(events);
            await().atMost(WAIT).until(a::isLeader);
            // A renewal while leading (a read and an update), then the release on close.
            int elected = server.getRequestCount();
            await().atMost(WAIT).until(() -> server.getRequestCount() >= elected + 2);
        }
        Set<ApiAccess> used = new HashSet<>();
        for (RecordedRequest r = server.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
            Matcher m = LEASE_PATH.matcher(r.getPath());
            assertThat(m.matches()).as("only the Lease in its namespace: " + r.getRequestLine()).isTrue();
            String verb = switch (r.getMethod()) {
                case "GET" -> m.group(1) == null ? "list/watch" : "get";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> r.getMethod();
            };
            used.add(new ApiAccess("coordination.k8s.io", "leases", true, List.of(verb)));
        }
        List<String> declared = KubernetesLeaderElection.REQUIRED_ACCESS.stream()
                .filter(x -> x.resource().equals("leases")).flatMap(x -> x.verbs().stream()).toList();
        assertThat(KubernetesLeaderElection.REQUIRED_ACCESS).hasSize(1);
        assertThat(used.stream().flatMap(x -> x.verbs().stream()).toList())
                .as("verbs used, against REQUIRED_ACCESS").containsExactlyInAnyOrderElementsOf(declared);
    }

    private static final Pattern LEASE_PATH = Pattern.compile(
            "/apis/coordination\\.k8s\\.io/v1/namespaces/" + NS + "/leases(/declared)?(\\?.*)?");

    @Test
    void aLeaderCutOffFromTheApiServerStepsDownAndAnotherTakesTheLease() throws Exception {
        Events eventsA = new Events();
        Events eventsB = new Events();
        try (CuttableProxy proxy = new CuttableProxy(server.getPort());
             KubernetesClient clientOfA = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                     client.getConfiguration()).withMasterUrl(client.getMasterUrl().getProtocol() + "://127.0.0.1:"
                     + proxy.port()).withRequestRetryBackoffLimit(0).build()).build();
             KubernetesLeaderElection a = new KubernetesLeaderElection(clientOfA, NS, "coordinator", "a", LEASE);
             KubernetesLeaderElection b = new KubernetesLeaderElection(client, NS, "coordinator", "b", LEASE)) {
            a.start(eventsA);
            await().atMost(WAIT).until(a::isLeader);
            b.start(eventsB);
            await().atMost(WAIT).until(() -> "a".equals(holder()));

            proxy.cut();
            Instant cut = Instant.now();
            await().atMost(WAIT).until(() -> b.isLeader() && !a.isLeader());
            assertThat(Duration.between(cut, Instant.now())).as("within about one lease duration")
                    .isLessThan(LEASE.multipliedBy(3));
            assertThat(holder()).isEqualTo("b");
            assertThat(eventsA.seen).startsWith("elected", "revoked");
            assertThat(eventsB.seen).containsExactly("elected");
        }
    }
}
