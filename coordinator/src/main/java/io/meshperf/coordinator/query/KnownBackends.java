package io.meshperf.coordinator.query;

import java.util.Set;

/**
 * The backends currently known to be behind a Service, as the load-balancing split names them
 * (their pod, {@code namespace/name}). The summary expects an even split over these and the
 * backends observed serving, so a known backend that served nothing is flagged rather than unseen.
 * Implementations answer from a live snapshot (Kubernetes discovery's EndpointSlices): what is
 * known now, not what was known when a past window was measured, so callers apply it only to
 * recent windows (the one holding the present and the last complete one).
 *
 * <p>Implementations must be thread-safe and must not block: queries call this on their worker
 * thread once per Service in a summary.
 */
@FunctionalInterface
public interface KnownBackends {

    /** Knows no backend anywhere: every split is judged over the backends observed serving. */
    KnownBackends NONE = (cluster, service) -> Set.of();

    /**
     * The backends behind {@code service} of {@code cluster}.
     *
     * @param cluster the cluster name
     * @param service the Service as results key it (a POD_TO_SERVICE pair's destination)
     * @return the backend names, empty when unknown (another cluster, another Service, or a
     *     discovery that does not list backends)
     */
    Set<String> of(String cluster, String service);
}
