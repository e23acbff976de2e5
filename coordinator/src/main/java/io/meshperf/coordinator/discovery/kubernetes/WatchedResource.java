package io.meshperf.coordinator.discovery.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer and what it watches, with the error handling discovery wants: before the first
 * sync, an error the API server will repeat (unauthorized, forbidden, not found) fails start at
 * once instead of retrying until the timeout; after it, every error is retried, because a running
 * coordinator should ride out an API server restart on its last known targets.
 *
 * <p>The exception handler runs on fabric8's threads; the last error is kept for the timeout
 * message.
 */
final class WatchedResource<T> {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedResource.class);

    private final String description;
    private final SharedIndexInformer<T> informer;
    private volatile Throwable lastError;
    private CompletableFuture<Void> started;

    WatchedResource(String description, SharedIndexInformer<T> informer) {
        this.description = description;
        this.informer = informer;
        informer.exceptionHandler(this::retryAfter);
    }

    void start() {
        started = informer.start().toCompletableFuture();
    }

    CompletableFuture<Void> started() {
        return started;
    }

    SharedIndexInformer<T> informer() {
        return informer;
    }

    private boolean retryAfter(boolean isStarted, Throwable error) {
        lastError = error;
        if (isStarted) {
            LOG.warn("Watching {} failed; retrying", description, error);
            return true;
        }
        KubernetesClientException apiError = apiError(error);
        boolean permanent = apiError != null
                && (apiError.getCode() == 401 || apiError.getCode() == 403 || apiError.getCode() == 404);
        if (permanent) {
            return false;
        }
        LOG.warn("Listing {} failed; retrying", description, error);
        return true;
    }

    String describeFailure(Throwable cause) {
        return description + ": " + reason(cause);
    }

    String describeTimeout(Duration timeout) {
        Throwable error = lastError;
        return description + ": not synced within " + timeout
                + (error == null ? "" : " (last error: " + reason(error) + ")");
    }

    private static String reason(Throwable error) {
        KubernetesClientException apiError = apiError(error);
        if (apiError != null && apiError.getCode() > 0) {
            String status = apiError.getStatus() != null && apiError.getStatus().getMessage() != null
                    ? apiError.getStatus().getMessage() : apiError.getMessage();
            return "HTTP " + apiError.getCode() + " " + status;
        }
        return String.valueOf(apiError != null ? apiError : error);
    }

    /** The API error inside the wrappers the informer's futures add, or null if there is none. */
    private static KubernetesClientException apiError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException kce) {
                return kce;
            }
        }
        return null;
    }
}
