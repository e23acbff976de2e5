package io.meshperf.agent.registration;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats on a timer: the event loop only runs the timer; each heartbeat (a blocking Kafka send)
 * runs on a one-thread named worker pool, at most one at a time. {@code start()} completes once the
 * timer runs (the first heartbeat is sent at once but not waited for, so a broker outage at start
 * leaves the agent serving, just not ready). {@code stop()} cancels the timer and waits for a
 * heartbeat in flight.
 */
public final class HeartbeatVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatVerticle.class);

    private final Registrar registrar;
    private final long intervalMs;
    private WorkerExecutor worker;
    private long timer = -1;
    private Future<Void> inFlight = Future.succeededFuture();
    private boolean failing;

    public HeartbeatVerticle(Registrar registrar, long intervalMs) {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.intervalMs = intervalMs;
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("meshperf-agent-heartbeat", 1);
        beat();
        timer = vertx.setPeriodic(intervalMs, id -> beat());
        return Future.succeededFuture();
    }

    private void beat() {
        if (!inFlight.isComplete()) {
            return;
        }
        inFlight = worker.executeBlocking(() -> {
            registrar.heartbeat();
            return null;
        }, false).<Void>mapEmpty().andThen(ar -> {
            if (ar.failed() && !failing) {
                failing = true;
                LOG.warn("heartbeat failed; retrying every {} ms: {}", intervalMs, ar.cause().getMessage());
            } else if (ar.succeeded() && failing) {
                failing = false;
                LOG.info("heartbeats reach the broker again");
            }
        }).recover(t -> Future.succeededFuture());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return inFlight.eventually(() -> worker.close());
    }
}
