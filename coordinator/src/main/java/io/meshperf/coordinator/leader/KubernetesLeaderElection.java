package io.meshperf.coordinator.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.meshperf.coordinator.discovery.kubernetes.ApiAccess;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Kubernetes {@code Lease} ({@code coordination.k8s.io/v1}) with fabric8's
 * leader elector: the holder renews the Lease every retry period; if it stops (dies, or cannot
 * reach the API server) for the lease duration, another replica acquires it. Closing releases the
 * Lease so another replica takes over at once.
 *
 * <p>Timing from one setting, the lease duration D: renew deadline 2D/3, retry period D/5 (the
 * ratios Kubernetes' own controllers use). fabric8 stops campaigning after it loses the Lease, so
 * this class starts a new campaign whenever one ends, until closed.
 *
 * <p>Threads: fabric8 runs the elector on the single thread {@code meshperf-leader-election}
 * given to it, which also calls the listener, one call at a time. The client belongs to the caller.
 * RBAC: {@link #REQUIRED_ACCESS}.
 */
public final class KubernetesLeaderElection implements LeaderElection {

    /**
     * What the election calls on the API server, in RBAC terms: fabric8's {@code LeaseLock} reads the
     * Lease (get), creates it when missing (create) and renews or takes it over with a patch that
     * carries the resource version (patch, not update: a lost race fails instead of overwriting).
     * {@code KubernetesLeaderElectionIT} records the calls against this list; the deploy manifests'
     * Role is checked against it and {@code KubernetesTargetSource.REQUIRED_ACCESS}.
     */
    public static final List<ApiAccess> REQUIRED_ACCESS = List.of(
            new ApiAccess("coordination.k8s.io", "leases", true, List.of("create", "get", "patch")));

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesLeaderElection.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String replicaId;
    private final Duration leaseDuration;
    private final ExecutorService executor;
    private volatile boolean leader;
    private volatile boolean running;
    private volatile CompletableFuture<?> campaign;
    private Listener listener;

    public KubernetesLeaderElection(KubernetesClient client, String namespace, String leaseName, String replicaId,
                                    Duration leaseDuration) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
        this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "meshperf-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void start(Listener newListener) {
        if (listener != null) {
            throw new IllegalStateException("start() may be called once");
        }
        listener = Objects.requireNonNull(newListener, "listener");
        running = true;
        campaign();
    }

    private void campaign() {
        LeaderElector elector = new LeaderElectorBuilder(client, executor).withConfig(new LeaderElectionConfigBuilder()
                .withName("meshperf-coordinator")
                .withLock(new LeaseLock(namespace, leaseName, replicaId))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
                .withRetryPeriod(leaseDuration.dividedBy(5))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        holder -> LOG.info("Lease {}/{} is held by {}", namespace, leaseName, holder)))
                .build()).build();
        CompletableFuture<?> started = elector.start();
        campaign = started;
        started.whenComplete((ignored, error) -> {
            stopLeading();
            if (running) {
                if (error != null) {
                    LOG.warn("Leader election on Lease {}/{} ended; campaigning again: {}", namespace, leaseName,
                            error.getMessage());
                }
                executor.execute(this::campaign);
            }
        });
    }

    private synchronized void startLeading() {
        if (!leader) {
            leader = true;
            LOG.info("Replica {} holds Lease {}/{} and is now the leader", replicaId, namespace, leaseName);
            listener.elected();
        }
    }

    private synchronized void stopLeading() {
        if (leader) {
            leader = false;
            LOG.info("Replica {} no longer holds Lease {}/{}", replicaId, namespace, leaseName);
            listener.revoked();
        }
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    /** Cancels the campaign, releasing the Lease if held, and stops the thread (waits up to 5 s). */
    @Override
    public void close() {
        running = false;
        CompletableFuture<?> current = campaign;
        if (current != null) {
            current.cancel(true);
        }
        stopLeading();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
