package io.meshperf.coordinator.service;

import static org.awaitility.Awaitility.await;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.service.AgentService;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.keys.AgentId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real probe agents of one {@link TestCluster} on loopback: in this JVM ({@link AgentService}), or
 * as a JVM of their own (the agent's main class) so that a test can kill one with SIGKILL, which
 * leaves no tombstone and no goodbye. Every agent picks free qperf and HTTP ports, heartbeats every
 * second and uses the cluster's own topics.
 *
 * <p>Not thread-safe: used from the test thread. {@link #close()} stops every agent it started, in
 * this JVM or not, and waits for the processes to end.
 */
final class LoopbackAgents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackAgents.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestCluster cluster;
    private final String dlqTopic;
    private final Map<AgentId, AgentService> inProcess = new LinkedHashMap<>();
    private final Map<AgentId, Process> processes = new LinkedHashMap<>();
    private final Map<AgentId, Integer> httpPorts = new LinkedHashMap<>();

    LoopbackAgents(TestCluster cluster, String dlqTopic) {
        this.cluster = cluster;
        this.dlqTopic = dlqTopic;
    }

    /** The agent's settings, keyed as its flags without the leading dashes upper-cased (AgentConfig's form). */
    private Map<String, String> settings(AgentId id, String ip, int httpPort) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("CLUSTER", id.cluster());
        s.put("NODE", id.node());
        s.put("NETWORK", id.network().name().toLowerCase(Locale.ROOT));
        if (id.network() == Network.POD) {
            s.put("POD", "meshperf/agent-" + id.node());
            s.put("POD_IP", ip);
        } else {
            s.put("NODE_IP", ip);
        }
        s.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrap);
        s.put("JOBS_TOPIC", cluster.jobs);
        s.put("RESULTS_TOPIC", cluster.results);
        s.put("AGENTS_TOPIC", cluster.agents);
        s.put("DLQ_TOPIC", dlqTopic);
        s.put("QPERF_PORT", "0");
        s.put("HTTP_PORT", Integer.toString(httpPort));
        s.put("HEARTBEAT_INTERVAL_MS", "1000");
        s.put("KAFKA_TIMEOUT_MS", "10000");
        s.put("STOP_TEST_GRACE_MS", "2000");
        s.put("STOP_TIMEOUT_MS", "15000");
        return s;
    }

    /** Starts an agent in this JVM; blocks until its ports are bound. */
    AgentService start(AgentId id, String ip) throws IOException {
        AgentConfig config = AgentConfig.load(Map.of(), settings(id, ip, 0));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentService agent = AgentService.start(config, registry, registry::scrape, Clock.systemUTC());
        inProcess.put(id, agent);
        httpPorts.put(id, agent.httpPort());
        return agent;
    }

    /** Launches an agent as its own JVM through the jar's main class and flags; returns at once. */
    Process launch(AgentId id, String ip, Path log) throws IOException {
        int httpPort = freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-cp", classpath, "io.meshperf.agent.Main"));
        settings(id, ip, httpPort).forEach((k, v) -> {
            command.add("--" + k.toLowerCase(Locale.ROOT).replace('_', '-'));
            command.add(v);
        });
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("MESHPERF_"));
        builder.environment().put("MESHPERF_LOG_LEVEL", "INFO");
        Process process = builder.start();
        processes.put(id, process);
        httpPorts.put(id, httpPort);
        return process;
    }

    /** Waits until every agent answers /readyz with 200: serving, registered and consuming its partition. */
    void awaitReady(Duration atMost) {
        for (Map.Entry<AgentId, Integer> agent : httpPorts.entrySet()) {
            await(agent.getKey() + " ready").atMost(atMost).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> readyz(agent.getValue()) == 200);
        }
    }

    /** Kills an agent's JVM with SIGKILL (no shutdown hook, no tombstone); waits for it to end, returns its exit status. */
    int kill(AgentId id) throws InterruptedException {
        Process process = processes.get(id);
        if (process == null) {
            throw new IllegalArgumentException(id + " does not run in a JVM of its own");
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(id + " (PID " + process.pid() + ") did not end after SIGKILL");
        }
        return process.exitValue();
    }

    private static int readyz(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the agents in this JVM (ordered stop) and ends the others by their PID; stops all before failing. */
    @Override
    public void close() throws InterruptedException {
        for (Process process : processes.values()) {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        RuntimeException failure = null;
        for (AgentService agent : inProcess.values()) {
            try {
                agent.stop();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        for (Map.Entry<AgentId, Process> process : processes.entrySet()) {
            if (!process.getValue().waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("agent {} (PID {}) did not stop within 20 s of SIGTERM; killing it", process.getKey(),
                        process.getValue().pid());
                process.getValue().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
