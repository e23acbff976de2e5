package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proof that meshperf measures a multi-backend Service correctly: a client namespace reaches
 * three backend namespaces through a ClusterIP made of kube-proxy's iptables rules (random
 * {@code statistic} split), and every meshperf test lands whole on one backend, says which, and the
 * backends share the tests evenly. Stock qperf through the same ClusterIP is the contrast: its
 * control and data connections draw a backend each, so many of its tests break.
 */
class ClusterIpServiceIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterIpServiceIT.class);
    private static final String CLUSTER_IP = "10.96.0.10";
    private static final int MESHPERF_PORT = 19765;
    private static final int QPERF_CTL_PORT = 4000;
    private static final int QPERF_DATA_PORT = 4001;
    private static final int BACKENDS = 3;
    private static final List<ServicePort> PORTS = List.of(
            new ServicePort("meshperf", "tcp", MESHPERF_PORT, MESHPERF_PORT),
            new ServicePort("meshperf-udp", "udp", MESHPERF_PORT, MESHPERF_PORT),
            new ServicePort("qperf-ctl", "tcp", QPERF_CTL_PORT, QPERF_CTL_PORT),
            new ServicePort("qperf-data", "tcp", QPERF_DATA_PORT, QPERF_DATA_PORT),
            new ServicePort("qperf-data-udp", "udp", QPERF_DATA_PORT, QPERF_DATA_PORT));
    /** Significance of the even-split check: a correct setup fails it once in a thousand runs. */
    private static final double ALPHA = 0.001;
    private static final Pattern LATENCY = Pattern.compile("latency\\s+=\\s+([0-9.,]+) (ns|us|ms|sec)");

    @BeforeEach
    void requireRoot() {
        assumeTrue(HostSupport.isSupported(), () -> "virtual networks not supported here: "
                + HostSupport.missing().orElse(""));
    }

    @Test
    void stockQperfBreaksWhenItsTwoConnectionsDrawDifferentBackends() throws Exception {
        assumeTrue(HostSupport.findOnPath("qperf").isPresent(), "stock qperf not installed");
        try (VirtualNetwork net = VirtualNetwork.create()) {
            ServiceTopology topology = ServiceTopology.build(net, BACKENDS, CLUSTER_IP, PORTS);
            for (int i = 0; i < BACKENDS; i++) {
                Namespace backend = topology.backends().get(i);
                net.start(backend, "qperf-server-" + (i + 1), List.of("qperf", "-lp", Integer.toString(QPERF_CTL_PORT)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> SocketTable.tcpListening(net, backend, QPERF_CTL_PORT));
            }
            // Each test draws a backend for its control connection and another for its data
            // connection: both agree with probability 1/3, so all 12 agree with probability 1.9e-6.
            int tcpRuns = 12;
            int tcpFailures = 0;
            for (int i = 0; i < tcpRuns; i++) {
                CommandResult run = net.exec(topology.client(), stockClient("tcp_bw"));
                if (!run.succeeded()) {
                    tcpFailures++;
                    LOG.info("stock tcp_bw through the ClusterIP failed (exit {}): {} {}", run.exitCode(),
                            run.stdout().strip().replace('\n', ' '), run.stderr().strip());
                }
            }
            // A UDP test whose datagrams go to another backend still exits 0, reporting 0 ns.
            int udpRuns = 9;
            int udpBogus = 0;
            for (int i = 0; i < udpRuns; i++) {
                CommandResult run = net.exec(topology.client(), stockClient("udp_lat"));
                OptionalInt latencyNs = latencyNs(run.stdout());
                if (!run.succeeded() || latencyNs.isEmpty() || latencyNs.getAsInt() == 0) {
                    udpBogus++;
                    LOG.info("stock udp_lat through the ClusterIP: exit {}, output {}", run.exitCode(),
                            run.stdout().replace('\n', ' '));
                }
            }
            LOG.info("stock qperf through a {}-backend ClusterIP: {} of {} tcp_bw failed, {} of {} udp_lat "
                    + "failed or reported 0 ns", BACKENDS, tcpFailures, tcpRuns, udpBogus, udpRuns);
            assertThat(tcpFailures).as("tcp_bw failures out of %d", tcpRuns).isPositive();
            assertThat(udpBogus).as("udp_lat failures or 0 ns results out of %d", udpRuns).isPositive();
        }
    }

    @Test
    void meshperfKeepsEachTestOnOneBackendAndTheBackendsShareTheTestsEvenly() throws Exception {
        try (VirtualNetwork net = VirtualNetwork.create()) {
            ServiceTopology topology = ServiceTopology.build(net, BACKENDS, CLUSTER_IP, PORTS);
            for (int i = 0; i < BACKENDS; i++) {
                net.start(topology.backends().get(i), "meshperf-server-" + (i + 1), meshperf("-lp",
                        Integer.toString(MESHPERF_PORT), "--agent-mode", "--node", "backend" + (i + 1)));
            }
            for (Namespace backend : topology.backends()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> SocketTable.tcpListening(net, backend, MESHPERF_PORT)
                        && SocketTable.udpBound(net, backend, MESHPERF_PORT));
            }
            DnatCounters.reset(net, topology.client());

            // One client process runs them all: each test opens its own connection or flow, so
            // each is a fresh draw of kube-proxy's random rule. About 70 s at 1 s per test.
            List<String> tests = new ArrayList<>(List.of("tcp_bw", "udp_bw"));
            for (int i = 0; i < 30; i++) {
                tests.addAll(List.of("tcp_lat", "udp_lat"));
            }
            tests.addAll(List.of("tcp_bw", "udp_bw"));
            List<String> args = new ArrayList<>(List.of("--single-flow", "--json", "-t", "1",
                    "-lp", Integer.toString(MESHPERF_PORT), CLUSTER_IP));
            args.addAll(tests);
            NamespacedProcess client = net.start(topology.client(), "meshperf-client", meshperf(args.toArray(String[]::new)));
            OptionalInt exit = client.waitFor(Duration.ofMinutes(5));
            assertThat(exit).as("client exit; stderr: %s", client.stderr()).hasValue(0);

            List<Map<String, Object>> results = client.stdoutLines().stream().filter(l -> l.startsWith("{"))
                    .map(Json::object).toList();
            assertThat(results).as("one JSON result per test").hasSize(tests.size());
            List<String> tcpServedBy = new ArrayList<>();
            List<String> udpServedBy = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                Map<String, Object> r = results.get(i);
                String test = tests.get(i);
                assertThat(r.get("test")).isEqualTo(test.toUpperCase(Locale.ROOT));
                assertThat(r.get("status")).as("%s: %s", test, r.get("reason")).isEqualTo("OK");
                assertThat(r.get("protocolMode")).isEqualTo("SINGLE_FLOW");
                @SuppressWarnings("unchecked")
                Map<String, Object> servedBy = (Map<String, Object>) r.get("servedBy");
                assertThat(servedBy).as("%s servedBy", test).isNotNull();
                String node = (String) servedBy.get("node");
                int backend = topology.backends().indexOf(topology.backends().stream()
                        .filter(ns -> ns.name().endsWith("-b" + node.replace("backend", ""))).findFirst()
                        .orElseThrow(() -> new AssertionError("unknown backend node " + node)));
                assertThat(servedBy.get("address")).as("address of %s", node)
                        .isEqualTo(topology.backendIps().get(backend));
                String figure = test.endsWith("_lat") ? "latencyNs" : test.equals("tcp_bw") ? "bwBytesPerSec"
                        : "recvBwBytesPerSec";
                assertThat((Double) r.get(figure)).as("%s %s", test, figure).isPositive();
                (test.startsWith("tcp") ? tcpServedBy : udpServedBy).add(topology.backendIps().get(backend));
            }

            List<String> all = new ArrayList<>(tcpServedBy);
            all.addAll(udpServedBy);
            long[] shares = topology.backendIps().stream().mapToLong(ip -> counts(all).getOrDefault(ip, 0L)).toArray();
            double p = ChiSquare.pValue(shares);
            Map<DnatCounters.Target, Long> dnat = new LinkedHashMap<>();
            DnatCounters.read(net, topology.client()).forEach((target, n) -> {
                if (target.port() == MESHPERF_PORT) {
                    dnat.put(target, n);
                }
            });
            LOG.info("served by {} (TCP {}, UDP {}): chi-square p = {}; DNAT counters {}", counts(all),
                    counts(tcpServedBy), counts(udpServedBy), p, dnat);
            assertThat(shares).as("every backend served some tests").doesNotContain(0L);
            assertThat(p).as("p-value of an even split %s", counts(all)).isGreaterThan(ALPHA);

            // kube-proxy's own record of its choices agrees with what the backends said.
            for (String ip : topology.backendIps()) {
                long tcpDnat = dnat.getOrDefault(new DnatCounters.Target("tcp", ip, MESHPERF_PORT), 0L);
                long udpDnat = dnat.getOrDefault(new DnatCounters.Target("udp", ip, MESHPERF_PORT), 0L);
                assertThat(tcpDnat).as("TCP connections DNATed to %s", ip)
                        .isEqualTo(counts(tcpServedBy).getOrDefault(ip, 0L));
                // A UDP flow whose source port repeats within conntrack's timeout reuses its entry
                // (and backend) without a new DNAT, so the counter can only be lower.
                assertThat(udpDnat).as("UDP flows DNATed to %s", ip)
                        .isLessThanOrEqualTo(counts(udpServedBy).getOrDefault(ip, 0L));
            }
        }
    }

    private static List<String> stockClient(String test) {
        return List.of("qperf", "-lp", Integer.toString(QPERF_CTL_PORT), "-ip", Integer.toString(QPERF_DATA_PORT),
                "-t", "1", CLUSTER_IP, test);
    }

    /** The latency line of stock qperf's output, in ns, or empty if there is none. */
    static OptionalInt latencyNs(String output) {
        Matcher m = LATENCY.matcher(output);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        double value = Double.parseDouble(m.group(1).replace(",", ""));
        double scale = switch (m.group(2)) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "sec" -> 1e9;
            default -> 1;
        };
        return OptionalInt.of((int) Math.round(value * scale));
    }

    static List<String> meshperf(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.meshperf.agent.Main", "qperf"));
        command.addAll(List.of(args));
        return command;
    }

    static Map<String, Long> counts(List<String> values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        values.forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts;
    }
}
