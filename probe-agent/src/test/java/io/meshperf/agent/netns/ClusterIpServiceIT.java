package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        assumeTrue(HostSupport.findOnPath("qperf").isPresent(), "qperf not installed");
    }

    @Test
    void stockQperfBreaksWhenItsTwoConnectionsDrawDifferentBackends() throws Exception {
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
