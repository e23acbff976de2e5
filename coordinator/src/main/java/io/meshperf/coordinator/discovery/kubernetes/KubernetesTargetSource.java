package io.meshperf.coordinator.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.discovery.TargetSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the measurement targets of a Kubernetes cluster with fabric8 informers (list, then
 * watch; no polling): Nodes, the agent pods of both DaemonSets, the agent Service and its
 * EndpointSlices.
 *
 * <p>Threads: informer callbacks run on fabric8's executor; each only marks the target set stale
 * and hands a rebuild to this source's single thread, {@code meshperf-k8s-discovery}. That thread
 * reads the informer caches (the only state), builds a new {@link TargetSet}, and when it differs
 * from the current one, publishes it and calls the listeners, one at a time, in order. Bursts of
 * events coalesce into one rebuild, and rebuilds are at least
 * {@link KubernetesDiscoveryConfig#rebuildMinInterval()} apart. Listeners run on that thread and
 * must not block.
 *
 * <p>Lifecycle: {@link #start()} blocks until every informer has listed its resources once (bounded
 * by {@link KubernetesDiscoveryConfig#syncTimeout()}) and the first target set is built;
 * {@link #close()} stops the informers and the thread. The {@link KubernetesClient} belongs to the
 * caller and is not closed. After the first sync, API errors (an API server restart, a dropped
 * watch) are retried by the informers; the last complete target set stays current meanwhile.
 */
public final class KubernetesTargetSource implements TargetSource, AutoCloseable {

    /** Every API call this source makes, for checking the deploy manifests' RBAC rules. */
    public static final List<ApiAccess> REQUIRED_ACCESS = List.of(
            new ApiAccess("", "nodes", false, List.of("list", "watch")),
            new ApiAccess("", "pods", true, List.of("list", "watch")),
            new ApiAccess("", "services", true, List.of("list", "watch")),
            new ApiAccess("discovery.k8s.io", "endpointslices", true, List.of("list", "watch")));

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesTargetSource.class);
    private static final Duration FAILURE_GRACE = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final KubernetesDiscoveryConfig config;
    private final TargetSetAssembler assembler;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private final ScheduledExecutorService notifier;
    private final List<WatchedResource<?>> watched = new ArrayList<>();
    private volatile long lastRebuildNanos;
    private volatile TargetSet current;
    private volatile boolean synced;
    private List<String> lastSkipped = List.of();
    private WatchedResource<Node> nodes;
    private WatchedResource<Pod> pods;
    private WatchedResource<Service> services;
    private WatchedResource<EndpointSlice> slices;

    public KubernetesTargetSource(KubernetesClient client, KubernetesDiscoveryConfig config) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.assembler = new TargetSetAssembler(config);
        this.current = TargetSet.empty(config.clusterName());
        this.lastRebuildNanos = System.nanoTime() - config.rebuildMinInterval().toNanos();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "meshperf-k8s-discovery");
            thread.setDaemon(true);
            return thread;
        });
        // A rebuild still waiting out the least interval is pointless once closed.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.notifier = executor;
    }

    /**
     * Starts the informers and waits until each has listed its resources and the first target set
     * is built. Blocks the calling thread for at most the configured sync timeout (plus one
     * rebuild).
     *
     * @throws DiscoveryStartException naming each resource that did not sync and why (forbidden
     *                                 by RBAC, not served by the API server, timed out), about two
     *                                 seconds after one resource fails for good; the informers
     *                                 are stopped again
     * @throws IllegalStateException   if called twice or after {@link #close()}
     */
    public synchronized void start() {
        if (!watched.isEmpty() || notifier.isShutdown()) {
            throw new IllegalStateException("start() may be called once, before close()");
        }
        ResourceEventHandler<Object> onEvent = new StaleMarker();
        String namespace = config.namespace();
        nodes = watch("nodes (cluster-scoped)", client.nodes().runnableInformer(0), onEvent);
        pods = watch("pods in namespace " + namespace + " with label " + config.podLabelKey() + "="
                        + config.podLabelValue(),
                client.pods().inNamespace(namespace).withLabel(config.podLabelKey(), config.podLabelValue())
                        .runnableInformer(0), onEvent);
        services = watch("service " + namespace + "/" + config.serviceName(),
                client.services().inNamespace(namespace).withField("metadata.name", config.serviceName())
                        .runnableInformer(0), onEvent);
        slices = watch("endpointslices (discovery.k8s.io/v1) in namespace " + namespace + " with label "
                        + TargetSetAssembler.SERVICE_NAME_LABEL + "=" + config.serviceName(),
                client.discovery().v1().endpointSlices().inNamespace(namespace)
                        .withLabel(TargetSetAssembler.SERVICE_NAME_LABEL, config.serviceName())
                        .runnableInformer(0), onEvent);
        awaitSynced();
        synced = true;
        awaitFirstTargetSet();
        LOG.info("Kubernetes discovery of cluster {} started: {}", config.clusterName(), current);
    }

    private <T> WatchedResource<T> watch(String description, SharedIndexInformer<T> informer,
            ResourceEventHandler<Object> onEvent) {
        WatchedResource<T> resource = new WatchedResource<>(description, informer);
        informer.addEventHandler(onEvent);
        watched.add(resource);
        resource.start();
        return resource;
    }

    /**
     * Waits until every informer synced, or one failed for good, or the timeout passed; then names
     * every resource that is not synced. A failure ends the wait after a short grace: the others'
     * outcome cannot change the verdict, only make the message more complete.
     */
    private void awaitSynced() {
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        List<CompletableFuture<Void>> started = watched.stream().map(WatchedResource::started).toList();
        started.forEach(f -> f.whenComplete((ok, error) -> {
            if (error != null) {
                firstFailure.completeExceptionally(error);
            }
        }));
        CompletableFuture<Void> all = CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + config.syncTimeout().toNanos();
        try {
            CompletableFuture.anyOf(all, firstFailure).get(config.syncTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // One failed for good. Missing RBAC rules usually come in groups, so give the others a
            // moment to fail too and name them all in one message.
            long grace = Math.min(FAILURE_GRACE.toNanos(), Math.max(0, deadline - System.nanoTime()));
            try {
                all.handle((ok, error) -> null).get(grace, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException stillRunning) {
                LOG.debug("Not every informer finished within the grace after a failure", stillRunning);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (TimeoutException e) {
            LOG.debug("Informers did not all sync within {}", config.syncTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DiscoveryStartException("interrupted while waiting for the informers to sync", e);
        }
        List<String> failures = new ArrayList<>();
        for (WatchedResource<?> resource : watched) {
            CompletableFuture<Void> future = resource.started();
            if (!future.isDone()) {
                failures.add(resource.describeTimeout(config.syncTimeout()));
            } else if (future.isCompletedExceptionally()) {
                failures.add(resource.describeFailure(future.handle((ok, error) -> error).join()));
            }
        }
        if (!failures.isEmpty()) {
            close();
            throw new DiscoveryStartException("Kubernetes discovery could not list and watch: "
                    + String.join("; ", failures) + ". Needed access: " + REQUIRED_ACCESS);
        }
    }

    private void awaitFirstTargetSet() {
        try {
            notifier.submit(this::rebuild).get(config.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DiscoveryStartException("interrupted while building the first target set", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new DiscoveryStartException("could not build the first target set", e);
        }
    }

    /**
     * Marks the target set stale; runs on fabric8's informer threads, so it only schedules a
     * rebuild, no sooner than the least interval after the previous one.
     */
    private void markStale() {
        if (synced && rebuildPending.compareAndSet(false, true)) {
            long delay = lastRebuildNanos + config.rebuildMinInterval().toNanos() - System.nanoTime();
            try {
                notifier.schedule(this::rebuild, Math.max(0, delay), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Discovery closed; dropping a rebuild", e);
            }
        }
    }

    /** Runs on the notification thread only. */
    private void rebuild() {
        rebuildPending.set(false);
        lastRebuildNanos = System.nanoTime();
        TargetSetAssembler.Assembly assembly;
        try {
            Service service = services.informer().getStore().list().stream()
                    .filter(s -> config.serviceName().equals(s.getMetadata().getName()))
                    .findFirst().orElse(null);
            assembly = assembler.assemble(nodes.informer().getStore().list(), pods.informer().getStore().list(),
                    service, slices.informer().getStore().list());
        } catch (RuntimeException e) {
            // An inconsistent snapshot must not stop discovery; the next event rebuilds again.
            LOG.error("Could not build a target set of cluster {}; keeping {}", config.clusterName(), current, e);
            return;
        }
        if (!assembly.skipped().equals(lastSkipped)) {
            assembly.skipped().forEach(reason -> LOG.warn("Not measuring {}", reason));
            lastSkipped = assembly.skipped();
        }
        TargetSet next = assembly.targetSet();
        if (next.equals(current)) {
            return;
        }
        current = next;
        LOG.info("Targets of cluster {} changed: {}", config.clusterName(), next);
        for (Listener listener : listeners) {
            try {
                listener.onChange(next);
            } catch (RuntimeException e) {
                LOG.error("Target set listener {} failed on {}", listener, next, e);
            }
        }
    }

    @Override
    public TargetSet current() {
        return current;
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Stops the informers and the notification thread. Idempotent; does not close the client. */
    @Override
    public synchronized void close() {
        synced = false;
        for (WatchedResource<?> resource : watched) {
            resource.informer().stop();
        }
        notifier.shutdown();
        try {
            if (!notifier.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Discovery notification thread still busy after 5 s (a listener blocks?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Any event on any informer just means "the picture changed". */
    private final class StaleMarker implements ResourceEventHandler<Object> {
        @Override
        public void onAdd(Object obj) {
            markStale();
        }

        @Override
        public void onUpdate(Object oldObj, Object newObj) {
            markStale();
        }

        @Override
        public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            markStale();
        }
    }
}
