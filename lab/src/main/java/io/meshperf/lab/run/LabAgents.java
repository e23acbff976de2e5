package io.meshperf.lab.run;

import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.NamespacedProcess;
import io.meshperf.lab.network.LabNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's probe agents, each a JVM of its own started from this JVM's class path with the agent's
 * main class and flags: in the root namespace (loopback mode) or inside a node or pod namespace
 * through {@link LabNetwork#start}. Readiness is each agent's {@code /readyz} over loopback, which
 * only works in loopback mode; a namespaced agent is ready when its registration reaches the
 * coordinator, which the run waits for anyway.
 *
 * <p>Not thread-safe: used by the run's thread and, on Ctrl-C, by the shutdown hook after it. Starting
 * blocks only for the fork; {@link #close()} sends SIGTERM to every agent by its PID, waits up to 20 s
 * each, then SIGKILLs what is left. A start that fails throws {@link IOException}.
 */
final class LabAgents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabAgents.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One started agent: its settings and, in loopback mode, its HTTP port for readiness. */
    record Agent(String label, int qperfPort, int httpPort, Process process) {
    }

    private final Map<String, String> common;
    private final Path logDir;
    private final List<Agent> agents = new ArrayList<>();
    private final List<NamespacedProcess> namespaced = new ArrayList<>();

    /**
     * @param common settings every agent shares (cluster, bootstrap servers, topics), flag names without dashes
     * @param logDir where each agent's output goes, one file per agent
     */
    LabAgents(Map<String, String> common, Path logDir) {
        this.common = Map.copyOf(common);
        this.logDir = logDir;
    }

    /** Starts an agent in the root namespace on {@code ip} with fresh free ports; returns once forked. */
    synchronized Agent startLoopback(String label, String node, boolean pod, String ip) throws IOException {
        int qperfPort = freePort();
        int httpPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(command(node, pod, ip, qperfPort, httpPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logDir.resolve(label + ".log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("MESHPERF_"));
        Agent agent = new Agent(label, qperfPort, httpPort, builder.start());
        agents.add(agent);
        LOG.info("agent {} started as PID {} on {}:{}", label, agent.process().pid(), ip, qperfPort);
        return agent;
    }

    /** Starts an agent inside {@code namespace} with the standard ports (each namespace has its own). */
    synchronized void startIn(LabNetwork network, Namespace namespace, String label, String node, boolean pod,
            String ip) {
        namespaced.add(network.start(namespace, label, command(node, pod, ip, 19765, 9765)));
    }

    /** The agent JVM's command line: the agent's main class on this JVM's class path, settings as flags. */
    private List<String> command(String node, boolean pod, String ip, int qperfPort, int httpPort) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "io.meshperf.agent.Main"));
        Map<String, String> settings = new LinkedHashMap<>(common);
        settings.put("node", node);
        settings.put("network", pod ? "pod" : "host");
        if (pod) {
            settings.put("pod", "meshperf/agent-" + node);
            settings.put("pod-ip", ip);
        } else {
            settings.put("node-ip", ip);
        }
        settings.put("qperf-port", Integer.toString(qperfPort));
        settings.put("http-port", Integer.toString(httpPort));
        settings.forEach((k, v) -> {
            command.add("--" + k.toLowerCase(Locale.ROOT));
            command.add(v);
        });
        return command;
    }

    /**
     * Waits until every loopback agent answers {@code /readyz} with 200 (serving, registered, consuming),
     * polling every 300 ms.
     *
     * @throws IllegalStateException naming the agent if one exited or was not ready by the deadline
     */
    void awaitReady(Duration atMost) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        for (Agent agent : List.copyOf(agents)) {
            while (readyz(agent.httpPort()) != 200) {
                if (!agent.process().isAlive()) {
                    throw new IllegalStateException("agent " + agent.label() + " exited with status "
                            + agent.process().exitValue() + "; see " + logDir.resolve(agent.label() + ".log"));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("agent " + agent.label() + " was not ready within "
                            + atMost.toSeconds() + " s; see " + logDir.resolve(agent.label() + ".log"));
                }
                Thread.sleep(300);
            }
        }
    }

    private static int readyz(int port) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYetListening) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The namespaced agents that exited, with the last lines they wrote; empty when all run. */
    synchronized List<String> exitedInNamespaces() {
        return namespaced.stream().filter(p -> !p.isAlive()).map(p -> p.label() + " exited: "
                + String.join(" | ", p.stdoutLines().subList(Math.max(0, p.stdoutLines().size() - 5),
                        p.stdoutLines().size()))).toList();
    }

    /** Each agent and whether it still runs or with what status it exited. */
    synchronized String describe() {
        List<String> states = new ArrayList<>();
        agents.forEach(a -> states.add(a.label() + " (PID " + a.process().pid() + ") "
                + (a.process().isAlive() ? "running" : "exited " + a.process().exitValue())));
        namespaced.forEach(p -> states.add(p.label() + " (PID " + p.pid() + ") " + (p.isAlive() ? "running" : "exited")));
        return String.join(", ", states);
    }

    /**
     * Writes what each namespaced agent has printed so far to {@code <label>.log} in the log directory,
     * next to the loopback agents' files (their output is captured in memory, since the process is
     * {@code ip netns exec}'s child of this JVM).
     *
     * @throws IOException if a file cannot be written
     */
    synchronized void saveNamespacedLogs() throws IOException {
        for (NamespacedProcess p : namespaced) {
            List<String> lines = new ArrayList<>(p.stdoutLines());
            lines.addAll(p.stderrLines());
            Files.write(logDir.resolve(p.label() + ".log"), lines, StandardCharsets.UTF_8);
        }
    }

    /** How many agents were started. */
    synchronized int count() {
        return agents.size() + namespaced.size();
    }

    /** SIGTERM to every agent by PID, then waits; SIGKILL for any still running after 20 s. Idempotent. */
    @Override
    public synchronized void close() throws InterruptedException {
        agents.forEach(a -> a.process().destroy());
        for (Agent agent : agents) {
            if (!agent.process().waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("agent {} (PID {}) did not stop within 20 s of SIGTERM; killing it", agent.label(),
                        agent.process().pid());
                agent.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        agents.clear();
        // Before the broker goes, so their ordered stop can still reach it; the network's close would
        // stop them too, but only after the broker.
        namespaced.forEach(p -> p.stop(Duration.ofSeconds(20)));
        namespaced.clear();
    }
}
