package io.meshperf.agent.service;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.agent.engine.HostInfo;
import io.meshperf.agent.engine.ServerIdentity;
import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.server.ServerConfig;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.ProcStatSampler;
import io.meshperf.agent.http.StatusHttpVerticle;
import io.meshperf.agent.jobs.JobRunner;
import io.meshperf.agent.jobs.KafkaJobFeed;
import io.meshperf.agent.jobs.OffsetTracker;
import io.meshperf.agent.jobs.Work;
import io.meshperf.agent.registration.AgentInfoFactory;
import io.meshperf.agent.registration.HeartbeatVerticle;
import io.meshperf.agent.registration.KafkaRegistrar;
import io.meshperf.agent.registration.RegistrationException;
import io.meshperf.agent.results.KafkaResultPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe agent, assembled: the qperf server for peers, registration and heartbeats, the jobs feed,
 * the measurement thread, the transactional result publisher and the HTTP endpoints. {@link #start}
 * blocks until the agent serves (Kafka may still be unreachable: then it serves peers but is not
 * ready); {@link #stop()} runs the one ordered shutdown within {@code STOP_TIMEOUT_MS}. Both are
 * called from an ordinary thread (main or the shutdown hook), never from an event loop.
 */
public final class AgentService {

    private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int QUEUE_CAPACITY = 64;

    private final AgentConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final QperfServer server;
    private final QperfClient client;
    private final KafkaRegistrar registrar;
    private final KafkaResultPublisher publisher;
    private final KafkaJobFeed feed;
    private final JobRunner runner;
    private final AgentMetrics metrics;
    private final AgentStatus status;
    private final StatusHttpVerticle http;
    private final String heartbeatDeployment;
    private final String httpDeployment;
    private boolean stopped;

    private AgentService(AgentConfig config, MeterRegistry registry, Supplier<String> scrape, Clock clock)
            throws IOException {
        this.config = config;
        this.clock = clock;
        Instant startedAt = clock.instant();
        String agentId = config.agentId().toString();
        LOG.info("agent {} starting", agentId);
        CpuSampler sampler = new ProcStatSampler();
        KafkaClients kafka = new KafkaClients(config);
        Duration kafkaTimeout = Duration.ofMillis(config.get(AgentSettings.KAFKA_TIMEOUT_MS));
        // One event loop is plenty: it only runs HTTP, timers and future composition.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        QperfServer qperf = null;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            qperf = new QperfServer(serverConfig(config, sampler)).start();
            server = qperf;
            client = new QperfClient(sampler, clock);
            status = new AgentStatus(config, startedAt, scrape);
            http = new StatusHttpVerticle(status, config.get(AgentSettings.HTTP_PORT));
            httpDeployment = await(vertx.deployVerticle(http), "HTTP endpoints");
            status.httpPort(http.actualPort());
            registrar = new KafkaRegistrar(kafka.agentsProducer(), config.get(AgentSettings.AGENTS_TOPIC), agentId,
                    new AgentInfoFactory(config, server.port(), http.actualPort(), startedAt), clock, kafkaTimeout);
            opened.add(registrar);
            publisher = new KafkaResultPublisher(kafka::resultsProducer, kafka::admin,
                    config.get(AgentSettings.RESULTS_TOPIC), config.get(AgentSettings.DLQ_TOPIC),
                    config.get(AgentSettings.JOBS_TOPIC), kafka.groupId(), kafkaTimeout);
            BlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            OffsetTracker offsets = new OffsetTracker();
            feed = new KafkaJobFeed(kafka::jobsConsumer, config.get(AgentSettings.JOBS_TOPIC), agentId, queue, offsets,
                    kafkaTimeout);
            runner = JobRunner.create(queue, client::run, new VertxSessionSampler(vertx, server), publisher, offsets,
                    status, clock);
            metrics = new AgentMetrics(registry, server, feed);
            opened.add(metrics);
            status.attach(metrics, () -> !stoppedFlag(), registrar::registered, feed::consuming, this::problem,
                    server.port());
            heartbeatDeployment = await(vertx.deployVerticle(new HeartbeatVerticle(registrar,
                    config.get(AgentSettings.HEARTBEAT_INTERVAL_MS))), "heartbeats");
            runner.start();
            feed.start();
        } catch (RuntimeException | IOException e) {
            for (AutoCloseable c : opened) {
                closeAfterFailedStart(c, e);
            }
            if (qperf != null) {
                qperf.close();
            }
            vertx.close();
            throw e;
        }
        LOG.info("agent {} serving qperf on port {}, HTTP on port {}", agentId, server.port(), http.actualPort());
    }

    /**
     * Starts an agent; blocks until its server and HTTP port are bound.
     *
     * @param registry where its meters go (injected, never the global registry)
     * @param scrape   the Prometheus text of {@code registry}, served on /metrics
     * @throws IOException if the qperf port cannot be bound
     * @throws IllegalStateException if the HTTP endpoints cannot start
     */
    public static AgentService start(AgentConfig config, MeterRegistry registry, Supplier<String> scrape, Clock clock)
            throws IOException {
        return new AgentService(config, registry, scrape, clock);
    }

    private static void closeAfterFailedStart(AutoCloseable c, Exception cause) {
        try {
            c.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    private static ServerConfig serverConfig(AgentConfig c, CpuSampler sampler) {
        ServerIdentity identity = new ServerIdentity(c.agentId().toString(), c.agentId().node(),
                c.get(AgentSettings.POD));
        return ServerConfig.of(c.get(AgentSettings.QPERF_PORT), c.get(AgentSettings.SERVER_REQUEST_TIMEOUT_SEC), true,
                identity, HostInfo.local(), sampler).withLimits(c.get(AgentSettings.MAX_SESSIONS),
                c.get(AgentSettings.MAX_TEST_TIME_SEC), c.get(AgentSettings.MAX_MESSAGE_SIZE_BYTES),
                c.get(AgentSettings.MAX_CONTROL_TIMEOUT_SEC));
    }

    private static <T> T await(Future<T> f, String what) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not start within " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, e);
        }
    }

    private synchronized boolean stoppedFlag() {
        return stopped;
    }

    /** Why the agent cannot do its work any more (it should be restarted), if so. */
    public Optional<String> problem() {
        return feed.failure().or(runner::failure);
    }

    /** The qperf port bound. */
    public int qperfPort() {
        return server.port();
    }

    /** The HTTP port bound. */
    public int httpPort() {
        return http.actualPort();
    }

    /** The qperf server, for tests that look at its sessions. */
    public QperfServer server() {
        return server;
    }

    /**
     * The ordered stop: stop taking jobs; let the test in flight finish within the grace or abandon it
     * (answered ERROR "agent stopping"); flush results; stop heartbeats and publish the tombstone; close
     * the server, the Kafka clients and Vert.x. Bounded by {@code STOP_TIMEOUT_MS}; idempotent; blocks.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        long budgetMs = config.get(AgentSettings.STOP_TIMEOUT_MS);
        long deadline = System.nanoTime() + budgetMs * 1_000_000L;
        String agentId = config.agentId().toString();
        LOG.info("agent {} stopping", agentId);
        feed.stop();
        boolean settled = runner.stop(Duration.ofMillis(config.get(AgentSettings.STOP_TEST_GRACE_MS)));
        if (!settled) {
            // A batch may still be going out; give it what is left but keep time for the tombstone.
            runner.awaitEnd(Duration.ofNanos(Math.max(0, (deadline - System.nanoTime()) / 2)));
        }
        publisher.close();
        try {
            await(vertx.undeploy(heartbeatDeployment), "stopping heartbeats");
            registrar.deregister();
        } catch (RegistrationException | IllegalStateException e) {
            LOG.warn("agent {} could not publish its tombstone; its registration stays until it expires: {}",
                    agentId, e.getMessage());
        }
        registrar.close();
        server.close();
        if (runner.awaitEnd(Duration.ZERO)) {
            client.close();
        } else {
            // An abandoned test still uses the client until its own bound; close it when that test ends.
            Thread closer = new Thread(() -> {
                runner.awaitEnd(Duration.ofDays(1));
                client.close();
            }, "meshperf-agent-client-closer");
            closer.setDaemon(true);
            closer.start();
        }
        metrics.close();
        try {
            await(vertx.undeploy(httpDeployment), "stopping HTTP");
        } catch (IllegalStateException e) {
            LOG.warn("HTTP endpoints did not stop cleanly: {}", e.getMessage());
        }
        // Closed from this thread, not chained on an event-loop future: the loop is gone once it is done.
        try {
            vertx.close().toCompletionStage().toCompletableFuture()
                    .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("agent {} stopped", agentId);
    }
}
