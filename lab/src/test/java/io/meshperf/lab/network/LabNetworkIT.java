package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshperf.agent.netns.CommandResult;
import io.meshperf.agent.netns.HostSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds real namespace labs (root only; skipped elsewhere) and checks them with real traffic: the
 * lab recipe's section 4, automated.
 */
class LabNetworkIT {

    private static final Logger LOG = LoggerFactory.getLogger(LabNetworkIT.class);
    private static final Duration GONE = Duration.ofSeconds(10);

    @BeforeEach
    void requireRoot() {
        assumeTrue(LabNetwork.whyNotSupported().isEmpty(), () -> "namespace labs not supported here: "
                + LabNetwork.whyNotSupported().orElse(""));
    }

    @Test
    void threeNodesReachEachOtherOverVxlanAndTheClusterIpSplitsEvenlyWithNoProcessBehindTheRules()
            throws Exception {
        HostSnapshot before = HostSnapshot.take();
        String prefix;
        try (LabNetwork lab = LabNetwork.build(LabNetworkSpec.defaults())) {
            prefix = lab.prefix();
            LOG.info("lab map:\n{}", lab.map().render());
            assertThat(HostSnapshot.take().named(prefix)).contains(prefix + "-sw", prefix + "-n1", prefix + "-n3-p1",
                    prefix + "host");
            // The rules were written by iptables-restore processes that have exited; nothing runs in
            // the node namespaces that hold them, before or during the checks.
            for (LabNode node : lab.map().nodes()) {
                assertThat(processesIn(node)).as("processes in %s", node.name()).isEmpty();
            }

            CheckReport report = new NetworkCheck(lab).run(300);
            LOG.info("checks:\n{}", report.render());

            assertThat(report.failures()).isEmpty();
            assertThat(report.findings()).filteredOn(f -> f.what().contains("(VXLAN)")).hasSize(6);
            assertThat(report.findings()).filteredOn(f -> f.what().contains("VXLAN device carried")).hasSize(3);
            long[] tcp = lab.map().backends().stream().mapToLong(b -> report.tcpSplit().getOrDefault(b.name(), 0L))
                    .toArray();
            assertThat(tcp).doesNotContain(0L);
            assertThat(report.tcpSplit()).doesNotContainKey(LabProbe.FAILED);
            assertThat(report.udpSplit()).doesNotContainKey(LabProbe.FAILED);
            assertThat(ChiSquare.pValue(tcp)).isGreaterThanOrEqualTo(NetworkCheck.ALPHA);
            assertThat(report.dnatTcp().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);

            assertEveryNamespaceReachesATcpServerOnTheBrokerAddress(lab);
        }
        await().atMost(GONE).untilAsserted(() -> assertThat(HostSnapshot.take().named(prefix)).isEmpty());
        HostSnapshot after = HostSnapshot.take();
        assertThat(after.rootRules()).isEqualTo(before.rootRules());
        assertThat(routesOfUnderlay(prefix)).isEmpty();
    }

    @Test
    void aPodThatIsNotABackendReachesTheBackendOnItsOwnNodeThroughTheClusterIp() throws Exception {
        try (LabNetwork lab = LabNetwork.build(LabNetworkSpec.defaults().withNodes(2).withPodsPerNode(2))) {
            CheckReport report = new NetworkCheck(lab).run(60);
            LOG.info("checks:\n{}", report.render());
            assertThat(report.failures()).isEmpty();
            assertThat(report.findings()).filteredOn(f -> f.what().contains("(same node)")).hasSize(4);
            assertThat(report.findings()).anyMatch(f -> f.what().contains("from pod n1-p2 to the ClusterIP"));
            // n1-p2 is not a backend; the backend on its own node answered it too.
            assertThat(report.tcpSplit()).containsKey("n1-p1").doesNotContainKey("n1-p2");
        }
    }

    @Test
    void podToPodTrafficRaisesTheVxlanCountersAndNodeToNodeTrafficDoesNot() throws Exception {
        try (LabNetwork lab = LabNetwork.build(LabNetworkSpec.defaults().withNodes(2))) {
            LabNode n1 = lab.map().node(1);
            LabNode n2 = lab.map().node(2);
            LinkCounters start = lab.vxlanCounters(1);
            CommandResult underlay = lab.exec(n1.namespace(), NetworkCheck.javaCommand("check", "icmp:" + n2.ip()));
            assertThat(underlay.stdout()).contains("reachable=1");
            LinkCounters afterUnderlay = lab.vxlanCounters(1).minus(start);
            CommandResult overlay = lab.exec(n1.pods().get(0).namespace(),
                    NetworkCheck.javaCommand("check", "icmp:" + n2.pods().get(0).ip()));
            assertThat(overlay.stdout()).contains("reachable=1");
            LinkCounters afterOverlay = lab.vxlanCounters(1).minus(start);
            LOG.info("node 1 VXLAN: after node-to-node {}, after pod-to-pod {}", afterUnderlay, afterOverlay);
            // Only the device's own IPv6 router solicitations might appear, and they are dropped, not sent.
            assertThat(afterUnderlay.txBytes()).isZero();
            assertThat(afterOverlay.txPackets()).isPositive();
            assertThat(afterOverlay.rxPackets()).isPositive();
        }
    }

    @Test
    void aTbfRateOnANodesUnderlayIsWhatStockQperfMeasuresNodeToNode() throws Exception {
        assumeTrue(HostSupport.findOnPath("qperf").isPresent(), "qperf not installed");
        long rate = 100_000_000L;
        try (LabNetwork lab = LabNetwork.build(LabNetworkSpec.defaults().withNodes(2))) {
            lab.shapeUnderlay(1, rate);
            CheckReport.Finding finding = ShapingCheck.tcpBandwidth(lab, 1, 2, rate, 3);
            LOG.info("{}: {}", finding.what(), finding.detail());
            assertThat(finding.passed()).as(finding.detail()).isTrue();
            // Without the qdisc the same path runs at the machine's speed, far above the rate: the rate was the qdisc's.
            lab.unshapeUnderlay(1);
            CheckReport.Finding unshaped = ShapingCheck.tcpBandwidth(lab, 1, 2, rate, 1);
            LOG.info("without the qdisc: {}", unshaped.detail());
            assertThat(unshaped.passed()).as(unshaped.detail()).isFalse();
        }
    }

    /** Where the broker will listen: a TCP server in this JVM, in the root namespace, on the lab's leg. */
    private static void assertEveryNamespaceReachesATcpServerOnTheBrokerAddress(LabNetwork lab) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(lab.brokerAddress()))) {
            Thread answering = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        socket.getOutputStream().write("root\n".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        LOG.debug("broker stand-in stopped: {}", e.getMessage());
                    }
                }
            }, "broker-stand-in");
            answering.start();
            String check = "tcp:" + server.getLocalPort() + ":1:" + lab.brokerAddress();
            for (LabNode node : lab.map().nodes()) {
                assertThat(lab.exec(node.namespace(), NetworkCheck.javaCommand("check", check)).stdout())
                        .as("from %s", node.name()).contains("root=1");
                for (LabPod pod : node.pods()) {
                    assertThat(lab.exec(pod.namespace(), NetworkCheck.javaCommand("check", check)).stdout())
                            .as("from %s", pod.name()).contains("root=1");
                }
            }
        }
    }

    private static List<String> processesIn(LabNode node) {
        return HostSnapshot.runner().check(List.of("ip", "netns", "pids", node.namespace().name())).stdout()
                .lines().filter(l -> !l.isBlank()).toList();
    }

    private static List<String> routesOfUnderlay(String prefix) {
        return HostSnapshot.runner().check(List.of("ip", "-4", "route", "show")).stdout().lines()
                .filter(l -> l.contains(prefix)).toList();
    }
}
