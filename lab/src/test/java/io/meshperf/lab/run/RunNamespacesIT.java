package io.meshperf.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.lab.Main;
import io.meshperf.lab.network.HostSnapshot;
import io.meshperf.lab.network.LabNetwork;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The whole product end to end in namespace mode on three nodes, node 1's underlay shaped (skipped
 * where namespaces cannot be built): the run completes (every path and test has its OK results through
 * Kafka and the aggregation), the ClusterIP's split covers at least two backends, node 1's node-node
 * TCP bandwidth reads the shaping rate, and the run leaves no namespace, root link or root iptables
 * rule behind. The one namespace end-to-end test, so CI time stays bounded.
 */
class RunNamespacesIT {

    private static final Logger LOG = LoggerFactory.getLogger(RunNamespacesIT.class);
    private static final String RATE = "200mbit";
    private static final double RATE_BITS = 200e6;
    /**
     * What TCP payload the rate allows: tbf counts whole Ethernet frames as the kernel hands them over
     * (no preamble or FCS), and a full frame on the 1500-byte underlay is 1514 bytes carrying 1448 bytes
     * of TCP payload (1500 − 20 IP − 20 TCP − 12 timestamp option). So 200 Mbit/s is 25.0 MB/s on the
     * wire and 23.9 MB/s of payload, which is what qperf's tcp_bw counts; the test compares with the
     * payload figure (the raw rate would be 4.6 % higher). Measured by hand the same way, stock qperf
     * over a 100mbit tbf read 11.95 MB/s against 11.96 expected.
     */
    private static final double PAYLOAD_BYTES_PER_SEC = RATE_BITS / 8 * 1448 / 1514;
    private static final Duration GONE = Duration.ofSeconds(10);

    @Test
    // Above the run's own bound (its patience, 268 s for 3 nodes, plus start and stop), so the run always
    // ends by itself and cleans up before the leftovers are checked.
    @Timeout(420)
    void threeNodesMeasureEveryPathThroughTheClusterIpAndTheShapedNodeReadsItsRate() throws Exception {
        Assumptions.assumeTrue(LabNetwork.whyNotSupported().isEmpty(),
                () -> "namespaces unavailable: " + LabNetwork.whyNotSupported().orElse(""));
        HostSnapshot before = HostSnapshot.take();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        long started = System.nanoTime();
        int status = cl.execute("run", "--nodes", "3", "--duration", "1", "--shape-rate", RATE, "--shape-node", "1",
                "--json");
        LOG.info("run took {} s; progress:\n{}\nresult:\n{}", Duration.ofNanos(System.nanoTime() - started)
                .toSeconds(), err, out);
        Matcher prefix = Pattern.compile("names prefixed (mpl[0-9a-f]{4})").matcher(err.toString());
        assertThat(prefix.find()).as("the map names the run's prefix").isTrue();
        String runPrefix = prefix.group(1);

        // Leftovers first: they must be checked even when the measurements fall short.
        await().atMost(GONE).untilAsserted(() -> assertThat(HostSnapshot.take().named(runPrefix))
                .as("namespaces and root links of the run").isEmpty());
        assertThat(HostSnapshot.take().rootRules()).as("root iptables rules")
                .containsExactlyElementsOf(before.rootRules());

        assertThat(status).isZero();
        JsonObject json = new JsonObject(out.toString().trim());
        assertThat(json.getString("mode")).isEqualTo("namespaces");
        assertThat(json.getBoolean("complete")).as("missing: %s", json.getJsonArray("missing")).isTrue();
        JsonArray rows = json.getJsonObject("summary").getJsonArray("rows");
        assertThat(rows).hasSize(12);
        int splitBackends = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            assertThat(row.getJsonObject("figures").getLong("okCount")).as("OK results of %s %s",
                    row.getString("path"), row.getString("test")).isPositive();
            JsonArray splits = row.getJsonArray("loadBalancing");
            for (int s = 0; s < splits.size(); s++) {
                splitBackends = Math.max(splitBackends,
                        splits.getJsonObject(s).getJsonObject("split").getJsonArray("backends").size());
            }
        }
        assertThat(splitBackends).as("backends the ClusterIP spread tests over").isGreaterThanOrEqualTo(2);
        assertShapedNodeReadsTheRate(new RunReport(json.getJsonObject("summary")).row("NODE_TO_NODE", "TCP_BW"));
    }

    /**
     * Node 1's pairs (its underlay sends the data) read the rate within 10 %; the other pairs are not
     * held to it, which shows it is the shaping that limits node 1's.
     */
    private static void assertShapedNodeReadsTheRate(JsonObject row) {
        JsonArray pairs = row.getJsonArray("worstPairs");
        assertThat(pairs).as("every ordered pair of three nodes is listed").hasSize(6);
        for (int i = 0; i < pairs.size(); i++) {
            JsonObject pair = pairs.getJsonObject(i);
            Double median = pair.getDouble("bandwidthP50BytesPerSec");
            assertThat(median).as("median tcp_bw of %s", pair).isNotNull();
            if (pair.getString("src").equals("n1")) {
                assertThat(median).as("median tcp_bw of %s against %.0f B/s of payload at %s", pair,
                        PAYLOAD_BYTES_PER_SEC, RATE).isBetween(PAYLOAD_BYTES_PER_SEC * 0.9, PAYLOAD_BYTES_PER_SEC * 1.1);
            } else {
                assertThat(median).as("median tcp_bw of unshaped %s", pair).isGreaterThan(PAYLOAD_BYTES_PER_SEC * 1.5);
            }
        }
    }
}
