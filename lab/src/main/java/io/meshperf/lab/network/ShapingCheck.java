package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandResult;
import io.meshperf.agent.netns.NamespacedProcess;
import io.meshperf.agent.netns.SocketTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a shaped underlay with the stock {@code qperf}: a server in the receiving node, the
 * client in the shaped (sending) node, {@code tcp_bw} node to node, compared with what the tbf rate
 * allows. tbf counts whole Ethernet frames, so the expected TCP payload rate is
 * {@code rate / 8 × (MTU − 52) / (MTU + 14)}: 40 bytes of IP and TCP headers and 12 of TCP
 * timestamps come off each MTU-sized packet, 14 bytes of Ethernet header go on (1448/1514 at MTU
 * 1500). Blocks for the test time plus the server's start.
 */
public final class ShapingCheck {

    /** How far the measurement may be from the expected payload rate. */
    public static final double TOLERANCE = 0.10;
    private static final Pattern BW = Pattern.compile("bw\\s+=\\s+([0-9.]+) bytes/sec");
    private static final int QPERF_PORT = 19765;
    private static final Duration SERVER_START = Duration.ofSeconds(10);

    private ShapingCheck() {
    }

    /** The TCP payload rate, in bytes per second, that tbf at {@code bitsPerSecond} lets through. */
    public static double expectedPayload(long bitsPerSecond, int mtu) {
        return bitsPerSecond / 8.0 * (mtu - 52) / (mtu + 14);
    }

    /**
     * Runs {@code qperf -t SECONDS -uu -v RECEIVER tcp_bw} from node {@code from} to node {@code to}.
     *
     * @return a finding with the measured and expected rates, passed when within {@value #TOLERANCE}
     * @throws io.meshperf.agent.netns.CommandFailedException if qperf fails
     * @throws InterruptedException if interrupted while waiting for the server
     */
    public static CheckReport.Finding tcpBandwidth(LabNetwork lab, int from, int to, long bitsPerSecond, int seconds)
            throws InterruptedException {
        LabNode sender = lab.map().node(from);
        LabNode receiver = lab.map().node(to);
        try (NamespacedProcess server = lab.start(receiver.namespace(), "qperf-server-" + receiver.name(),
                List.of("qperf", "-lp", Integer.toString(QPERF_PORT)))) {
            long deadline = System.nanoTime() + SERVER_START.toNanos();
            while (!SocketTable.tcpListening(lab.network(), receiver.namespace(), QPERF_PORT)) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("qperf server in " + receiver.name() + " is not listening: "
                            + server.stderr());
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            CommandResult run = lab.exec(sender.namespace(), List.of("qperf", "-lp", Integer.toString(QPERF_PORT),
                    "-t", Integer.toString(seconds), "-uu", "-v", receiver.ip(), "tcp_bw")).requireSuccess();
            Matcher bw = BW.matcher(run.stdout());
            if (!bw.find()) {
                throw new IllegalStateException("no bw in qperf's output: " + run.stdout());
            }
            double measured = Double.parseDouble(bw.group(1));
            double expected = expectedPayload(bitsPerSecond, lab.spec().underlayMtu());
            double ratio = measured / expected;
            return new CheckReport.Finding("tcp_bw node " + sender.name() + " -> " + receiver.name() + " under tbf "
                    + bitsPerSecond + " bit/s (stock qperf)", Math.abs(ratio - 1) <= TOLERANCE,
                    String.format("%.2f MB/s measured, %.2f MB/s expected (ratio %.3f)", measured / 1e6,
                            expected / 1e6, ratio));
        }
    }
}
