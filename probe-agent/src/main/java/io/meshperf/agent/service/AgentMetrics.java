package io.meshperf.agent.service;

import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.jobs.JobFeed;
import io.meshperf.schemas.MeasurementResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;

/**
 * The agent's meters on the injected registry, named {@code meshperf.agent.*}, tagged only from small
 * fixed sets (path, test, status), never per peer: per-pair detail goes to Kafka. Also binds the JVM's
 * own meters. Recording is thread-safe and never blocks.
 */
final class AgentMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter deadLettered;

    AgentMetrics(MeterRegistry registry, QperfServer server, JobFeed feed) {
        this.registry = registry;
        FunctionCounter.builder("meshperf.agent.sessions.served", server, QperfServer::sessionsStarted)
                .description("Sessions the agent's server has served for peers")
                .register(registry);
        FunctionCounter.builder("meshperf.agent.sessions.refused", server, QperfServer::sessionsRefused)
                .description("Peer sessions refused because the server was at its limit")
                .register(registry);
        Gauge.builder("meshperf.agent.sessions.active", server, QperfServer::activeSessions)
                .description("Peer sessions being served now").register(registry);
        Gauge.builder("meshperf.agent.jobs.lag", feed, f -> f.lag().isPresent() ? f.lag().getAsLong() : Double.NaN)
                .description("Records in the agent's jobs partition after its committed offset")
                .baseUnit("records").register(registry);
        deadLettered = Counter.builder("meshperf.agent.jobs.dead.lettered")
                .description("Job records moved to the dead-letter topic").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Counts a published result and its duration, by path, test and status. */
    void published(MeasurementResult r) {
        String path = r.getPath().name();
        String test = r.getTest().name();
        String status = r.getStatus().name();
        Counter.builder("meshperf.agent.tests").description("Tests answered, by path, test and status")
                .tags("path", path, "test", test, "status", status).register(registry).increment();
        Timer.builder("meshperf.agent.test.duration").description("Wall time of tests, start to end")
                .tags("path", path, "test", test, "status", status).register(registry)
                .record(Duration.between(r.getStartedAt(), r.getEndedAt()));
    }

    void deadLettered() {
        deadLettered.increment();
    }

    @Override
    public void close() {
        gc.close();
    }
}
