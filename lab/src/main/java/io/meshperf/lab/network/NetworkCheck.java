package io.meshperf.lab.network;

import io.meshperf.agent.netns.DnatCounters;
import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.NamespacedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a built lab the way the lab recipe's section 4 does, with real traffic:
 * <ol>
 *   <li>every pod answers a TCP connection from every other pod, on its node and across nodes, and
 *       the right pod answers;</li>
 *   <li>pod-to-pod traffic between nodes crosses the VXLAN devices (their tx counters rise);</li>
 *   <li>the broker address (the root namespace's leg) answers ICMP from every node and pod;</li>
 *   <li>every node reaches the ClusterIP itself (the OUTPUT hook, its route and its SNAT);</li>
 *   <li>N fresh TCP connections and N UDP datagrams from fresh sockets, from the last pod of node 1,
 *       to the ClusterIP are spread evenly over all backends (chi-square), none fail, and the DNAT
 *       rules' own packet counters agree with what the backends said.</li>
 * </ol>
 * The probe servers are stopped at the end. Runs on the caller's thread and blocks (a few seconds:
 * mostly the probe JVMs starting).
 */
public final class NetworkCheck {

    /** Significance of the even-split check: a correct lab fails it once in a thousand runs. */
    public static final double ALPHA = 0.001;
    private static final Logger LOG = LoggerFactory.getLogger(NetworkCheck.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);

    private final LabNetwork lab;
    private final int port;

    /** A check of {@code lab}, whose probe servers listen on the Service's meshperf port. */
    public NetworkCheck(LabNetwork lab) {
        this.lab = lab;
        this.port = lab.spec().servicePort();
    }

    /**
     * Runs every check.
     *
     * @param connections how many TCP connections (and UDP datagrams) to send to the ClusterIP
     * @throws InterruptedException if interrupted while waiting for a probe
     */
    public CheckReport run(int connections) throws InterruptedException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, was " + connections);
        }
        LabMap map = lab.map();
        List<NamespacedProcess> servers = new ArrayList<>();
        List<CheckReport.Finding> findings = new ArrayList<>();
        try {
            for (LabPod pod : map.pods()) {
                servers.add(lab.start(pod.namespace(), "probe-" + pod.name(),
                        javaCommand("serve", pod.name(), Integer.toString(port))));
            }
            for (NamespacedProcess server : servers) {
                awaitReady(server);
            }
            Map<Integer, LinkCounters> before = vxlanCounters(map);
            checkPodToPod(map, findings);
            checkVxlan(map, before, findings);
            checkNodes(map, findings);
            Map<String, Long> tcp = new TreeMap<>();
            Map<String, Long> udp = new TreeMap<>();
            Map<String, Long> dnat = checkSplit(map, connections, tcp, udp, findings);
            return new CheckReport(findings, tcp, udp, dnat);
        } finally {
            servers.forEach(s -> s.stop(Duration.ofSeconds(5)));
        }
    }

    private void checkPodToPod(LabMap map, List<CheckReport.Finding> findings) throws InterruptedException {
        for (LabPod from : map.pods()) {
            List<String> checks = new ArrayList<>();
            List<LabPod> targets = map.pods().stream().filter(p -> !p.equals(from)).toList();
            targets.forEach(to -> checks.add("tcp:" + port + ":1:" + to.ip()));
            checks.add("icmp:" + map.brokerAddress());
            Map<String, Map<String, Long>> results = probe(from.namespace(), from.name(), checks);
            for (LabPod to : targets) {
                Map<String, Long> got = results.get("tcp:" + port + ":1:" + to.ip());
                boolean ok = got != null && got.getOrDefault(to.name(), 0L) == 1;
                findings.add(new CheckReport.Finding("pod " + from.name() + " -> pod " + to.name()
                        + (from.node() == to.node() ? " (same node)" : " (VXLAN)"), ok, String.valueOf(got)));
            }
            Map<String, Long> broker = results.get("icmp:" + map.brokerAddress());
            findings.add(new CheckReport.Finding("pod " + from.name() + " -> broker address " + map.brokerAddress()
                    + " (ICMP, masqueraded)", broker != null && broker.containsKey("reachable"), String.valueOf(broker)));
        }
    }

    private void checkVxlan(LabMap map, Map<Integer, LinkCounters> before, List<CheckReport.Finding> findings) {
        if (map.nodes().size() < 2) {
            return;
        }
        for (LabNode node : map.nodes()) {
            LinkCounters delta = lab.vxlanCounters(node.index()).minus(before.get(node.index()));
            findings.add(new CheckReport.Finding("node " + node.name() + " VXLAN device carried the pod traffic",
                    delta.txPackets() > 0 && delta.rxPackets() > 0,
                    "tx " + delta.txPackets() + " packets " + delta.txBytes() + " B, rx " + delta.rxPackets()
                            + " packets " + delta.rxBytes() + " B"));
        }
    }

    private void checkNodes(LabMap map, List<CheckReport.Finding> findings) throws InterruptedException {
        String clusterIp = map.clusterIp().orElseThrow();
        for (LabNode node : map.nodes()) {
            String service = "tcp:" + port + ":3:" + clusterIp;
            String broker = "icmp:" + map.brokerAddress();
            Map<String, Map<String, Long>> results = probe(node.namespace(), node.name(), List.of(service, broker));
            Map<String, Long> got = results.get(service);
            findings.add(new CheckReport.Finding("node " + node.name() + " -> ClusterIP " + clusterIp + ":" + port,
                    got != null && !got.containsKey(LabProbe.FAILED), String.valueOf(got)));
            Map<String, Long> icmp = results.get(broker);
            findings.add(new CheckReport.Finding("node " + node.name() + " -> broker address " + map.brokerAddress(),
                    icmp != null && icmp.containsKey("reachable"), String.valueOf(icmp)));
        }
    }

    private Map<String, Long> checkSplit(LabMap map, int n, Map<String, Long> tcp, Map<String, Long> udp,
            List<CheckReport.Finding> findings) throws InterruptedException {
        // The last pod of node 1: with one pod per node it is itself a backend (the hairpin case), with
        // more it is not, and a same-node backend's reply is bridged straight back (the br_netfilter case).
        LabNode clientNode = map.node(1);
        LabPod client = clientNode.pods().get(clientNode.pods().size() - 1);
        String clusterIp = map.clusterIp().orElseThrow();
        String tcpCheck = "tcp:" + port + ":" + n + ":" + clusterIp;
        String udpCheck = "udp:" + port + ":" + n + ":" + clusterIp;
        DnatCounters.reset(lab.network(), clientNode.namespace());
        Map<String, Map<String, Long>> results = probe(client.namespace(), client.name(), List.of(tcpCheck, udpCheck));
        Map<String, DnatCounters.Target> byName = new LinkedHashMap<>();
        Map<String, Long> dnat = new TreeMap<>();
        Map<DnatCounters.Target, Long> counters = DnatCounters.read(lab.network(), clientNode.namespace());
        for (LabPod backend : map.backends()) {
            byName.put(backend.name(), new DnatCounters.Target("tcp", backend.ip(), port));
            dnat.put(backend.name(), counters.getOrDefault(byName.get(backend.name()), 0L));
        }
        tcp.putAll(results.getOrDefault(tcpCheck, Map.of()));
        udp.putAll(results.getOrDefault(udpCheck, Map.of()));
        findings.add(split("TCP", n, client, tcp, map.backends()));
        findings.add(split("UDP", n, client, udp, map.backends()));
        findings.add(new CheckReport.Finding("DNAT rule counters on " + clientNode.name() + " match the TCP split",
                dnat.equals(withoutFailures(tcp, map.backends())), "counters " + dnat));
        return dnat;
    }

    private static CheckReport.Finding split(String proto, int n, LabPod client, Map<String, Long> counts,
            List<LabPod> backends) {
        long[] perBackend = backends.stream().mapToLong(b -> counts.getOrDefault(b.name(), 0L)).toArray();
        long failed = counts.getOrDefault(LabProbe.FAILED, 0L);
        String what = n + " " + proto + " flows from pod " + client.name() + " to the ClusterIP, split over "
                + backends.size() + " backends";
        if (backends.size() < 2) {
            return new CheckReport.Finding(what, failed == 0, counts.toString());
        }
        double p = ChiSquare.pValue(perBackend);
        return new CheckReport.Finding(what, failed == 0 && p >= ALPHA,
                String.format("%s, chi-square p = %.3f", counts, p));
    }

    private static Map<String, Long> withoutFailures(Map<String, Long> counts, List<LabPod> backends) {
        Map<String, Long> only = new TreeMap<>();
        backends.forEach(b -> only.put(b.name(), counts.getOrDefault(b.name(), 0L)));
        return only;
    }

    private Map<Integer, LinkCounters> vxlanCounters(LabMap map) {
        Map<Integer, LinkCounters> counters = new TreeMap<>();
        map.nodes().forEach(n -> counters.put(n.index(), lab.vxlanCounters(n.index())));
        return counters;
    }

    /** Runs one {@code LabProbe check} in {@code ns} and returns its counts per check. */
    private Map<String, Map<String, Long>> probe(Namespace ns, String where, List<String> checks)
            throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(checks);
        NamespacedProcess client = lab.start(ns, "probe-check-" + where, javaCommand(args.toArray(String[]::new)));
        try {
            if (client.waitFor(CLIENT_TIMEOUT).isEmpty()) {
                throw new IllegalStateException("probe in " + where + " did not finish within " + CLIENT_TIMEOUT);
            }
        } finally {
            client.stop(Duration.ofSeconds(1));
        }
        Map<String, Map<String, Long>> results = new LinkedHashMap<>();
        for (String line : client.stdoutLines()) {
            String[] parts = line.split(" ", 2);
            if (parts.length == 2) {
                results.put(parts[0], LabProbe.parseCounts(parts[1]));
            }
        }
        if (results.size() != checks.size()) {
            throw new IllegalStateException("probe in " + where + " answered " + results.size() + " of " + checks.size()
                    + " checks; stderr: " + client.stderr());
        }
        LOG.debug("probe in {}: {}", where, results);
        return results;
    }

    private static void awaitReady(NamespacedProcess server) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!server.stdoutLines().contains("ready")) {
            if (!server.isAlive()) {
                throw new IllegalStateException(server + " exited before it was ready: " + server.stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(server + " not ready within " + READY_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** {@code java} with this JVM's class path running {@link LabProbe}, kept small: it only opens sockets. */
    static List<String> javaCommand(String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LabProbe.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
