package io.meshperf.agent.service;

import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.jobs.JobExecutor;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples the server's active peer sessions every {@value #INTERVAL_MS} ms on a Vert.x timer while
 * the agent's own test runs and keeps the peak. Reading the count is a field read, fit for the event
 * loop. Thread-safe.
 */
final class VertxSessionSampler implements JobExecutor.SessionSampler {

    static final long INTERVAL_MS = 50;

    private final Vertx vertx;
    private final QperfServer server;

    VertxSessionSampler(Vertx vertx, QperfServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    @Override
    public Sampling start() {
        AtomicInteger peak = new AtomicInteger(server.activeSessions());
        long timer = vertx.setPeriodic(INTERVAL_MS, id -> peak.accumulateAndGet(server.activeSessions(), Math::max));
        return () -> {
            vertx.cancelTimer(timer);
            return peak.accumulateAndGet(server.activeSessions(), Math::max);
        };
    }
}
