package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshperf.agent.netns.CommandResult;
import io.meshperf.agent.netns.HostSupport;
import io.meshperf.agent.netns.SocketTable;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern BW = Pattern.compile("bw\\s+=\\s+([0-9.]+) bytes/sec");
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
        }
        await().atMost(GONE).untilAsserted(() -> assertThat(HostSnapshot.take().named(prefix)).isEmpty());
        HostSnapshot after = HostSnapshot.take();
        assertThat(after.rootRules()).isEqualTo(before.rootRules());
        assertThat(routesOfUnderlay(prefix)).isEmpty();
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
            LabNode sender = lab.map().node(1);
            LabNode receiver = lab.map().node(2);
            lab.shapeUnderlay(1, rate);
            lab.start(receiver.namespace(), "qperf-server", List.of("qperf"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> SocketTable.tcpListening(lab.network(), receiver.namespace(), 19765));
            CommandResult run = lab.exec(sender.namespace(),
                    List.of("qperf", "-t", "3", "-uu", "-v", receiver.ip(), "tcp_bw"));
            run.requireSuccess();
            Matcher bw = BW.matcher(run.stdout());
            assertThat(bw.find()).as("qperf output: %s", run.stdout()).isTrue();
            double measured = Double.parseDouble(bw.group(1));
            // tbf counts whole Ethernet frames (1514 bytes at MTU 1500), of which 1448 are TCP payload.
            double expected = rate / 8.0 * 1448 / 1514;
            LOG.info("tbf {} bit/s: qperf tcp_bw {} B/s, expected payload {} B/s", rate, measured, expected);
            assertThat(measured).isBetween(expected * 0.9, expected * 1.1);
            lab.unshapeUnderlay(1);
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
