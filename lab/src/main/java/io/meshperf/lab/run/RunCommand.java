package io.meshperf.lab.run;

import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.coordinator.service.CoordinatorService;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.lab.network.LabMap;
import io.meshperf.lab.network.LabNetwork;
import io.meshperf.lab.network.LabNetworkSpec;
import io.meshperf.lab.network.LabNode;
import io.meshperf.lab.network.LabPod;
import io.meshperf.lab.network.Rate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshperf-lab run}, also what {@code meshperf-lab} does with no subcommand: the whole system
 * on one machine. Starts the in-process broker, the lab's network, a host and a pod probe agent per
 * node (JVMs of their own) and the coordinator in this JVM; waits, bounded, until every path and test
 * has results for every node pair; then prints the article's table measured here, the taxes, the
 * Service split and conclusions from the coordinator's {@code /api/v1/summary}. Runs on the main
 * thread and blocks for the whole run; everything started is stopped, by PID, on return, failure or
 * Ctrl-C ({@link RunResources}). Returns 0 when every figure arrived, 1 when the wait ran out.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the whole system on one machine and print what each path costs (the default command).")
public final class RunCommand implements Callable<Integer> {

    static final String CLUSTER = "lab";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Nodes of the lab (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "2",
            description = "Length of every test in seconds (default ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--rounds", defaultValue = "1", description = "Results wanted per pair, path and test (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--shape-rate", paramLabel = "RATE",
            description = "Limit what each node sends on its underlay NIC to RATE with tbf (e.g. 1gbit, 100mbit);"
                    + " namespace mode only.")
    String shapeRate;

    @Option(names = "--shape-node", paramLabel = "N",
            description = "With --shape-rate, shape only node N's underlay NIC (default: every node's).")
    Integer shapeNode;

    @Option(names = "--loopback", description = "Run everything on 127.0.0.1 even when namespaces are possible.")
    boolean loopback;

    @Option(names = "--json", description = "Print the results as one JSON object on stdout instead of the table.")
    boolean json;

    @Option(names = "--serve", description = "After the results, keep everything up with the coordinator's API until Ctrl-C.")
    boolean serve;

    @Override
    public Integer call() throws Exception {
        RunTimings timings = RunTimings.of(nodes, duration);
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (shapeRate != null) {
            Rate.bitsPerSecond(shapeRate);
        }
        if (shapeNode != null && (shapeRate == null || shapeNode < 1 || shapeNode > nodes)) {
            throw new IllegalArgumentException("--shape-node must be a node from 1 to --nodes (" + nodes
                    + ") and needs --shape-rate, got " + shapeNode);
        }
        PrintWriter out = spec.commandLine().getOut();
        // With --json, stdout carries only the JSON; progress goes to stderr.
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        try (RunResources resources = RunResources.open()) {
            Optional<String> why = loopback ? Optional.of("--loopback was given") : LabNetwork.whyNotSupported();
            LabNetwork network = null;
            LabMap map;
            if (why.isPresent()) {
                map = LabNetwork.loopback(nodes, 1, why.get());
                if (shapeRate != null) {
                    say(progress, "--shape-rate ignored: there is no underlay to shape in loopback mode");
                }
            } else {
                say(progress, "building the lab network (" + nodes + " node namespaces, a pod namespace each)");
                network = resources.add(LabNetwork.build(LabNetworkSpec.defaults().withNodes(nodes)));
                map = network.map();
                if (shapeRate != null) {
                    for (int i = 1; i <= nodes; i++) {
                        if (shapeNode == null || shapeNode == i) {
                            network.shapeUnderlay(i, Rate.bitsPerSecond(shapeRate));
                        }
                    }
                    say(progress, (shapeNode == null ? "every node's underlay" : "node n" + shapeNode + "'s underlay")
                            + " shaped to " + shapeRate + " (tbf on what it sends)");
                }
            }
            say(progress, map.loopback() ? map.note() : map.render().strip());
            EmbeddedKafkaBroker broker = resources.add(EmbeddedKafkaBroker.builder().listenHost(map.brokerAddress())
                    .brokerProperty("group.min.session.timeout.ms", "1000").build());
            broker.start();
            Map<String, String> topics = topics();
            int partitions = Math.max(4, 2 * nodes);
            broker.createTopics(TopicSpec.of(topics.get("jobs-topic"), partitions),
                    TopicSpec.of(topics.get("results-topic"), 3), TopicSpec.of(topics.get("agents-topic"), 2).compacted(),
                    TopicSpec.of(topics.get("aggregates-topic"), 3), TopicSpec.of(topics.get("dlq-topic"), 1));
            say(progress, "broker at " + broker.bootstrapServers());

            LabAgents agents = resources.add(new LabAgents(agentSettings(broker, topics), resources.dir("agents")));
            String serviceAddress;
            if (network == null) {
                serviceAddress = startLoopbackAgents(agents, map);
                say(progress, agents.count() + " agents started (a host and a pod agent per node); waiting until ready");
                agents.awaitReady(Duration.ofSeconds(90));
                say(progress, "agents ready; the Service path dials " + serviceAddress
                        + " (no ClusterIP in loopback mode: one backend, the pod agent of " + map.node(1).name() + ")");
            } else {
                for (LabNode node : map.nodes()) {
                    agents.startIn(network, node.namespace(), node.name() + "-host", node.name(), false, node.ip());
                    LabPod pod = node.pods().get(0);
                    agents.startIn(network, pod.namespace(), node.name() + "-pod", node.name(), true, pod.ip());
                }
                serviceAddress = map.clusterIp().orElseThrow() + ":" + LabNetworkSpec.DEFAULT_SERVICE_PORT;
                say(progress, agents.count() + " agents started in the node and pod namespaces; the Service path"
                        + " dials the ClusterIP " + serviceAddress + " (backends: the first pod of every node)");
            }

            CoordinatorService coordinator = resources.add(new CoordinatorService(CoordinatorConfig.from(
                    coordinatorFlags(broker, topics, timings, serviceAddress, resources.dir("streams")), Map.of()),
                    Clock.systemUTC()));
            coordinator.start();
            awaitAllAgentsPlanned(coordinator, 2 * nodes, Duration.ofSeconds(network == null ? 30 : 90), progress);
            agents.exitedInNamespaces().forEach(line -> say(progress, line));
            say(progress, String.format(Locale.ROOT, "coordinator up, API http://127.0.0.1:%d/api/v1/summary?cluster=%s;"
                    + " %d s tests, %d s rounds, waiting up to %d s for %d round(s)", coordinator.httpPort(), CLUSTER,
                    duration, timings.roundIntervalMs() / 1000, timings.patience(rounds).toSeconds(), rounds));

            RunWait.Outcome outcome = new RunWait(() -> summary(coordinator.httpPort()), nodes, rounds, true)
                    .await(timings.patience(rounds), line -> say(progress, line));
            print(out, map, outcome);
            if (!outcome.missing().isEmpty()) {
                agents.saveNamespacedLogs();
                say(progress, agents.describe() + "; their logs stay in " + resources.keep().resolve("agents"));
            }
            if (serve) {
                say(progress, "serving: http://127.0.0.1:" + coordinator.httpPort() + "/ until Ctrl-C");
                new CountDownLatch(1).await();
            }
            return outcome.missing().isEmpty() ? 0 : 1;
        }
    }

    /**
     * Waits, up to {@code atMost}, until the coordinator's plan counts every agent, so the first round measures
     * every node; an agent still missing then is reported and the run goes on with what it has.
     */
    private static void awaitAllAgentsPlanned(CoordinatorService coordinator, int expected, Duration atMost,
            PrintWriter progress) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        int planned = plannedAgents(coordinator);
        while (planned < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            planned = plannedAgents(coordinator);
        }
        say(progress, planned + " of " + expected + " agents in the coordinator's plan"
                + (planned < expected ? "; going on without the others" : ""));
    }

    private static int plannedAgents(CoordinatorService coordinator) {
        JsonObject targets = coordinator.plan().getJsonObject("targets");
        return targets == null ? 0 : targets.getInteger("agents", 0);
    }

    /** Starts a host and a pod agent per node, all on 127.0.0.1 with their own ports; returns the Service address. */
    private static String startLoopbackAgents(LabAgents agents, LabMap map) throws IOException {
        String service = null;
        for (var node : map.nodes()) {
            agents.startLoopback(node.name() + "-host", node.name(), false, "127.0.0.1");
            LabAgents.Agent pod = agents.startLoopback(node.name() + "-pod", node.name(), true, "127.0.0.1");
            service = service == null ? "127.0.0.1:" + pod.qperfPort() : service;
        }
        return service;
    }

    private static Map<String, String> topics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (String kind : new String[] {"jobs", "results", "agents", "aggregates", "dlq"}) {
            topics.put(kind + "-topic", "meshperf." + kind);
        }
        return topics;
    }

    private static Map<String, String> agentSettings(EmbeddedKafkaBroker broker, Map<String, String> topics) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("cluster", CLUSTER);
        s.put("kafka-bootstrap-servers", broker.bootstrapServers());
        s.put("jobs-topic", topics.get("jobs-topic"));
        s.put("results-topic", topics.get("results-topic"));
        s.put("agents-topic", topics.get("agents-topic"));
        s.put("dlq-topic", topics.get("dlq-topic"));
        s.put("heartbeat-interval-ms", "1000");
        s.put("kafka-timeout-ms", "10000");
        s.put("stop-test-grace-ms", "2000");
        s.put("stop-timeout-ms", "15000");
        return s;
    }

    private static Map<String, String> coordinatorFlags(EmbeddedKafkaBroker broker, Map<String, String> topics,
            RunTimings timings, String serviceAddress, Path stateDir) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--cluster", CLUSTER);
        flags.put("--replica-id", "lab");
        flags.put("--kafka-bootstrap-servers", broker.bootstrapServers());
        flags.put("--discovery", "registrations");
        flags.put("--leader-election", "kafka");
        flags.put("--leader-timeout-ms", "3000");
        topics.forEach((k, v) -> flags.put("--" + k, v));
        flags.put("--state-topic", "meshperf.coordinator");
        flags.put("--leader-topic", "meshperf.coordinator-leader");
        flags.put("--http-port", "0");
        flags.put("--service-address", serviceAddress);
        flags.put("--heartbeat-expiry-ms", "60000");
        flags.put("--result-grace-ms", "3000");
        flags.putAll(timings.coordinatorFlags());
        // One window holds the whole run, so the summary is every result it produced.
        flags.put("--aggregation-windows-s", Long.toString(RunWait.WINDOW.toSeconds()));
        flags.put("--aggregation-advertised-address", "127.0.0.1");
        flags.put("--aggregation-state-dir", stateDir.toString());
        return flags;
    }

    /** The coordinator's summary of the window holding now. */
    static JsonObject summary(int httpPort) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/api/v1/summary?cluster=" + CLUSTER + "&window="
                + RunWait.WINDOW.toSeconds() + "s&at=" + Instant.now());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    private void print(PrintWriter out, LabMap map, RunWait.Outcome outcome) {
        RunReport report = new RunReport(outcome.summary());
        Set<String> missing = outcome.missing();
        if (json) {
            out.println(new JsonObject().put("mode", map.loopback() ? "loopback" : "namespaces").put("note", map.note())
                    .put("nodes", nodes).put("durationSec", duration).put("rounds", rounds)
                    .put("complete", missing.isEmpty()).put("missing", new JsonArray(missing.stream().toList()))
                    .put("conclusions", new JsonArray(report.conclusions())).put("summary", outcome.summary()).encode());
            out.flush();
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "Measured here (%d nodes, %d s tests, %s):%n", nodes, duration,
                map.loopback() ? "every path on loopback" : "namespaces, Flannel-style VXLAN, kube-proxy iptables");
        out.print(report.table());
        out.println();
        out.print(report.taxes());
        out.print(report.serviceSplit());
        out.println();
        out.println("Conclusions:");
        report.conclusions().forEach(c -> out.println("- " + c));
        if (map.loopback()) {
            out.println("- Every path here is loopback, so the differences are the agents' and kernel's own costs,"
                    + " not an overlay's or kube-proxy's.");
        }
        if (!missing.isEmpty()) {
            out.println("incomplete: the wait ran out before " + String.join(", ", missing));
        }
        out.flush();
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
