package io.meshperf.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static JsonObject stats(double p50) {
        return new JsonObject().put("count", 4).put("min", p50 / 2).put("mean", p50).put("max", p50 * 2)
                .put("p50", p50).put("p90", p50 * 1.5).put("p99", p50 * 1.8).put("p999", p50 * 1.9);
    }

    private static JsonObject row(String path, String test, long ok, Double latencyNs, Double bw, Double loss) {
        JsonObject figures = new JsonObject().put("count", ok).put("okCount", ok)
                .put("latencyNs", latencyNs == null ? null : stats(latencyNs))
                .put("bandwidthBytesPerSec", bw == null ? null : stats(bw))
                .put("sendCostNsPerByte", bw == null ? null : 0.5).put("recvCostNsPerByte", bw == null ? null : 2.0)
                .put("udpLossRatio", loss)
                // qperf's msg_rate is about 1 / latency in latency tests and bw / msg_size (64 KiB) in bandwidth tests.
                .put("msgRatePerSec", latencyNs != null ? 1e9 / latencyNs : bw / 65_536)
                .put("localCpusUsedPercent", 199.0).put("remoteCpusUsedPercent", latencyNs != null ? 201.4 : 63.55);
        return new JsonObject().put("path", path).put("test", test).put("figures", figures).put("pairs", 2)
                .put("loadBalancing", new JsonArray());
    }

    /** Node-node 330 MB/s and 125 us; pod-pod 170 MB/s and 154 us, with the taxes the coordinator computes. */
    private static JsonObject summary() {
        JsonArray rows = new JsonArray()
                .add(row("NODE_TO_NODE", "TCP_BW", 2, null, 330e6, null))
                .add(row("NODE_TO_NODE", "TCP_LAT", 2, 125_000.0, null, null))
                .add(row("NODE_TO_NODE", "UDP_BW", 2, null, 132e6, 0.9))
                .add(row("NODE_TO_NODE", "UDP_LAT", 2, 113_000.0, null, null))
                .add(row("POD_TO_POD", "TCP_BW", 2, null, 170e6, null)
                        .put("overlayTax", new JsonObject().put("bandwidthRatio", 170.0 / 330)
                                .put("addedCpuCostNsPerByte", 1.0)))
                .add(row("POD_TO_POD", "TCP_LAT", 1, 154_000.0, null, null)
                        .put("overlayTax", new JsonObject().put("addedLatencyNs", 29_000.0)))
                .add(row("POD_TO_POD", "UDP_BW", 2, null, 43e6, 0.5));
        // An older coordinator's summary row: no msg_rate, no remote cpus used.
        rows.getJsonObject(rows.size() - 1).getJsonObject("figures").putNull("msgRatePerSec")
                .putNull("remoteCpusUsedPercent");
        JsonObject split = new JsonObject().put("backends", new JsonArray()
                        .add(new JsonObject().put("backend", "meshperf/agent-n1").put("observed", 40).put("share", 0.8)
                                .put("expectedShare", 0.5))
                        .add(new JsonObject().put("backend", "meshperf/agent-n2").put("observed", 10).put("share", 0.2)
                                .put("expectedShare", 0.5)))
                .put("total", 50).put("expectation", "even").put("chiSquare", 18.0).put("degreesOfFreedom", 1)
                .put("pValue", 0.00002);
        rows.add(row("POD_TO_SERVICE", "TCP_LAT", 3, 157_000.0, null, null)
                .put("serviceTax", new JsonObject().put("addedLatencyNs", 3_000.0))
                .put("loadBalancing", new JsonArray().add(new JsonObject().put("service", "10.96.0.10:19765")
                        .put("split", split))));
        return new JsonObject().put("cluster", "lab").put("rows", rows);
    }

    @Test
    void missingNamesEachPathAndTestShortOfItsPairs() {
        RunReport report = new RunReport(summary());
        assertThat(report.missing(2, 1, false)).containsExactly("POD_TO_POD/TCP_LAT (1 of 2 OK)",
                "POD_TO_POD/UDP_LAT (0 of 2 OK)");
        assertThat(report.missing(2, 1, true)).contains("POD_TO_SERVICE/TCP_BW (0 of 2 OK)")
                .doesNotContain("POD_TO_SERVICE/TCP_LAT (3 of 2 OK)");
        assertThat(report.missing(2, 2, false)).contains("NODE_TO_NODE/TCP_BW (2 of 4 OK)");
    }

    @Test
    void theTableHasTheArticlesFiguresPerPath() {
        String table = new RunReport(summary()).table();
        assertThat(table).contains("1. node-node", "2. pod-pod", "3. pod-service-pod");
        assertThat(table.lines().filter(l -> l.startsWith("tcp_bw bw")).findFirst().orElseThrow())
                .contains("330.0 MB/s", "170.0 MB/s").endsWith("-");
        assertThat(table).contains("125.0 us / 225.0 us", "0.50 s/GB / 2.00 s/GB", "90.0 %");
        // 132 MB/s received with 90 % lost: 1.32 GB/s sent.
        assertThat(table).contains("1.32 GB/s / 132.0 MB/s");
        assertThat(table).contains("OK results / attempted");
    }

    @Test
    void theTableHasQperfsMsgRateAndCpusUsedInQperfsUnits() {
        String table = new RunReport(summary()).table();
        // 330 MB/s of 64 KiB messages: 5,035.4 messages a second; 170 MB/s: 2,594.0.
        assertThat(line(table, "tcp_bw msg_rate (mean)")).contains("5.04 K/sec", "2.59 K/sec").endsWith("-");
        assertThat(line(table, "tcp_lat msg_rate (mean)")).contains("8 K/sec", "6.49 K/sec", "6.37 K/sec");
        assertThat(line(table, "udp_bw msg_rate (mean)")).contains("2.01 K/sec").endsWith(" -");
        assertThat(line(table, "tcp_bw send/recv_cpus_used (mean)")).contains("199 / 63.5 % cpus");
        assertThat(line(table, "tcp_lat loc/rem_cpus_used (mean)")).contains("199 / 201 % cpus");
        assertThat(line(table, "udp_bw send/recv_cpus_used (mean)")).contains("199 / - % cpus");
        assertThat(line(table, "udp_lat loc/rem_cpus_used (mean)")).contains("199 / 201 % cpus").endsWith("-");
        assertThat(table.lines().map(l -> l.substring(0, 34).strip()).toList()).containsSubsequence(
                "tcp_bw bw", "tcp_bw msg_rate (mean)", "tcp_bw send_cost / recv_cost",
                "tcp_bw send/recv_cpus_used (mean)", "tcp_lat latency (mean)", "tcp_lat msg_rate (mean)",
                "tcp_lat loc/rem_cpus_used (mean)", "udp_bw msg_rate (mean)", "udp_bw send/recv_cpus_used (mean)",
                "udp_lat msg_rate (mean)", "udp_lat loc/rem_cpus_used (mean)");
    }

    @Test
    void numbersAreFormattedAsQperfPrintsThem() {
        // The figures of qperf's own printouts, and its rounding rules (three significant digits, ties to even).
        assertThat(RunReport.rate(36_012.0)).isEqualTo("36 K/sec");
        assertThat(RunReport.rate(68_203.0)).isEqualTo("68.2 K/sec");
        assertThat(RunReport.rate(123_206.0)).isEqualTo("123 K/sec");
        assertThat(RunReport.rate(71_100.0)).isEqualTo("71.1 K/sec");
        assertThat(RunReport.rate(999.5)).as("unit chosen before rounding").isEqualTo("1,000 /sec");
        assertThat(RunReport.rate(1_234_567.0)).isEqualTo("1.23 M/sec");
        assertThat(RunReport.rate(12.0)).isEqualTo("12 /sec");
        assertThat(RunReport.rate(null)).isEqualTo("-");
        assertThat(RunReport.qperfNumber(1.125)).isEqualTo("1.12");
        assertThat(RunReport.qperfNumber(9.96)).isEqualTo("10");
        assertThat(RunReport.qperfNumber(0.5)).isEqualTo("0.5");
        assertThat(RunReport.qperfNumber(0.0123)).isEqualTo("0.01");
        assertThat(RunReport.qperfNumber(199.0)).isEqualTo("199");
        assertThat(RunReport.qperfNumber(1_234.4)).isEqualTo("1,234");
        assertThat(RunReport.qperfNumber(28_490.0)).isEqualTo("28,490");
    }

    private static String line(String table, String label) {
        return table.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow(
                () -> new AssertionError("no line '" + label + "' in\n" + table));
    }

    @Test
    void taxesAndSplitComeFromTheSummary() {
        RunReport report = new RunReport(summary());
        assertThat(report.taxes()).contains("overlay tax (pod-pod vs node-node): tcp_bw x0.52, cpu cost +1.00 s/GB;"
                + " tcp_lat +29.00 us; udp_lat - us");
        assertThat(report.serviceSplit()).contains("meshperf/agent-n1 40 (80 %, expected 50 %)",
                "chi-square 18.00, 1 df, p = 0.000: uneven, not the expected even split");
    }

    @Test
    void conclusionsAreComputedFromTheFigures() {
        assertThat(new RunReport(summary()).conclusions()).containsExactly(
                "The overlay cost 48 % of node-node TCP bandwidth and added 29.0 us of TCP latency.",
                "Going through the Service added 3.0 us of TCP latency over pod-pod.",
                "UDP sent at full speed lost most on node-node: 90.0 % of datagrams never arrived.",
                "Node to node, a UDP round trip took 113.0 us against 125.0 us for TCP (medians).");
        assertThat(new RunReport(new JsonObject().put("rows", new JsonArray())).conclusions()).isEmpty();
    }

    @Test
    void anOverlayFasterThanTheNodesIsSaidSo() {
        JsonObject summary = summary();
        JsonArray rows = summary.getJsonArray("rows");
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            if (row.getString("path").equals("POD_TO_POD") && row.getString("test").equals("TCP_BW")) {
                row.getJsonObject("overlayTax").put("bandwidthRatio", 1.25);
            } else if (row.getString("path").equals("POD_TO_POD") && row.getString("test").equals("TCP_LAT")) {
                row.getJsonObject("overlayTax").put("addedLatencyNs", -2_000.0);
            }
        }
        assertThat(new RunReport(summary).conclusions()).first().isEqualTo(
                "The overlay gave 25 % more than node-node TCP bandwidth and saved 2.0 us of TCP latency.");
    }
}
