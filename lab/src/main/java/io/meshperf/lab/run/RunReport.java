package io.meshperf.lab.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a lab run prints, computed from the coordinator's {@code /api/v1/summary} answer: what is
 * still missing before the run is complete, the article's table measured here (one column per path;
 * msg_rate and cpus used are means over the window, printed in qperf's units and number format),
 * the overlay and Service taxes, the Service's split per backend with its chi-square verdict, and
 * a few conclusions computed from those figures. Pure and thread-safe; a summary without a figure
 * prints "-" for it.
 */
final class RunReport {

    static final List<String> PATHS = List.of("NODE_TO_NODE", "POD_TO_POD", "POD_TO_SERVICE");
    static final List<String> TESTS = List.of("TCP_BW", "TCP_LAT", "UDP_BW", "UDP_LAT");
    /** Wide enough for "tcp_bw send/recv_cpus_used (mean)". */
    private static final int LABEL_WIDTH = 34;
    /** qperf's rate units, each 1000 times the one before. */
    private static final List<String> RATE_UNITS = List.of("/sec", "K/sec", "M/sec", "G/sec", "T/sec");
    /** Below this p-value the Service's split is called uneven (the coordinator's own guidance). */
    static final double UNEVEN_P = 0.01;

    private final JsonObject summary;

    RunReport(JsonObject summary) {
        this.summary = summary;
    }

    /**
     * Each path and test that does not yet have {@code rounds} OK results per expected pair: every
     * ordered node pair ({@code nodes × (nodes − 1)}) on node-node and pod-pod, every source node on
     * the Service path (only when {@code withService}).
     */
    Set<String> missing(int nodes, int rounds, boolean withService) {
        Set<String> missing = new TreeSet<>();
        for (String path : PATHS) {
            if (path.equals("POD_TO_SERVICE") && !withService) {
                continue;
            }
            long expected = (long) rounds * (path.equals("POD_TO_SERVICE") ? nodes : (long) nodes * (nodes - 1));
            for (String test : TESTS) {
                JsonObject row = row(path, test);
                long ok = row == null ? 0 : row.getJsonObject("figures").getLong("okCount", 0L);
                if (ok < expected) {
                    missing.add(path + "/" + test + " (" + ok + " of " + expected + " OK)");
                }
            }
        }
        return missing;
    }

    /** The row of one path and test, or null. */
    JsonObject row(String path, String test) {
        JsonArray rows = summary.getJsonArray("rows", new JsonArray());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            if (path.equals(row.getString("path")) && test.equals(row.getString("test"))) {
                return row;
            }
        }
        return null;
    }

    private Double figure(String path, String test, String stats, String field) {
        JsonObject row = row(path, test);
        if (row == null) {
            return null;
        }
        JsonObject figures = row.getJsonObject("figures");
        if (stats == null) {
            return figures.getDouble(field);
        }
        JsonObject s = figures.getJsonObject(stats);
        return s == null ? null : s.getDouble(field);
    }

    /** Received bandwidth of UDP divided by what arrived: what was sent, from the loss ratio. */
    private Double udpSendBw(String path) {
        Double recv = figure(path, "UDP_BW", "bandwidthBytesPerSec", "p50");
        Double loss = figure(path, "UDP_BW", null, "udpLossRatio");
        return recv == null || loss == null || loss >= 1.0 ? null : recv / (1.0 - loss);
    }

    /**
     * The table: one line per figure, one column per path, like the article's. The cpus-used lines
     * take qperf's names: send/recv in the bandwidth tests (the client sends), loc/rem in the latency
     * tests; both are the measuring client's and the serving side's machine-wide CPU.
     */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %23s %23s %23s%n",
                "figure (medians unless named)", "1. node-node", "2. pod-pod", "3. pod-service-pod"));
        line(out, "tcp_bw bw", p -> mb(figure(p, "TCP_BW", "bandwidthBytesPerSec", "p50")));
        line(out, "tcp_bw msg_rate (mean)", p -> rate(figure(p, "TCP_BW", null, "msgRatePerSec")));
        line(out, "tcp_bw send_cost / recv_cost", p -> cost(figure(p, "TCP_BW", null, "sendCostNsPerByte"))
                + " / " + cost(figure(p, "TCP_BW", null, "recvCostNsPerByte")));
        line(out, "tcp_bw send/recv_cpus_used (mean)", p -> cpus(p, "TCP_BW"));
        line(out, "tcp_lat latency (mean)", p -> us(figure(p, "TCP_LAT", "latencyNs", "mean")));
        line(out, "tcp_lat p50 / p99", p -> us(figure(p, "TCP_LAT", "latencyNs", "p50")) + " / "
                + us(figure(p, "TCP_LAT", "latencyNs", "p99")));
        line(out, "tcp_lat msg_rate (mean)", p -> rate(figure(p, "TCP_LAT", null, "msgRatePerSec")));
        line(out, "tcp_lat loc/rem_cpus_used (mean)", p -> cpus(p, "TCP_LAT"));
        line(out, "udp_bw send_bw / recv_bw", p -> mb(udpSendBw(p)) + " / "
                + mb(figure(p, "UDP_BW", "bandwidthBytesPerSec", "p50")));
        line(out, "udp_bw loss", p -> percent(figure(p, "UDP_BW", null, "udpLossRatio")));
        line(out, "udp_bw msg_rate (mean)", p -> rate(figure(p, "UDP_BW", null, "msgRatePerSec")));
        line(out, "udp_bw send/recv_cpus_used (mean)", p -> cpus(p, "UDP_BW"));
        line(out, "udp_lat latency (mean)", p -> us(figure(p, "UDP_LAT", "latencyNs", "mean")));
        line(out, "udp_lat p50 / p99", p -> us(figure(p, "UDP_LAT", "latencyNs", "p50")) + " / "
                + us(figure(p, "UDP_LAT", "latencyNs", "p99")));
        line(out, "udp_lat msg_rate (mean)", p -> rate(figure(p, "UDP_LAT", null, "msgRatePerSec")));
        line(out, "udp_lat loc/rem_cpus_used (mean)", p -> cpus(p, "UDP_LAT"));
        line(out, "OK results / attempted", p -> {
            long ok = 0;
            long all = 0;
            for (String test : TESTS) {
                JsonObject row = row(p, test);
                if (row != null) {
                    ok += row.getJsonObject("figures").getLong("okCount", 0L);
                    all += row.getJsonObject("figures").getLong("count", 0L);
                }
            }
            return ok + " / " + all;
        });
        return out.toString();
    }

    /** Local (client) and remote (serving side) cpus used, as qperf prints them: "199 / 197 % cpus". */
    private String cpus(String path, String test) {
        Double local = figure(path, test, null, "localCpusUsedPercent");
        Double remote = figure(path, test, null, "remoteCpusUsedPercent");
        if (local == null && remote == null) {
            return "-";
        }
        return (local == null ? "-" : qperfNumber(local)) + " / " + (remote == null ? "-" : qperfNumber(remote))
                + " % cpus";
    }

    private static void line(StringBuilder out, String label, java.util.function.Function<String, String> cell) {
        out.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", label));
        PATHS.forEach(p -> out.append(String.format(Locale.ROOT, " %23s", cell.apply(p))));
        out.append('\n');
    }

    /** The overlay tax (pod-pod against node-node) and the Service tax (pod-service-pod against pod-pod). */
    String taxes() {
        return tax("overlay tax (pod-pod vs node-node)", "POD_TO_POD", "overlayTax")
                + tax("Service tax (pod-service-pod vs pod-pod)", "POD_TO_SERVICE", "serviceTax");
    }

    private String tax(String label, String path, String field) {
        JsonObject bw = taxOf(path, "TCP_BW", field);
        JsonObject tcp = taxOf(path, "TCP_LAT", field);
        JsonObject udp = taxOf(path, "UDP_LAT", field);
        return String.format(Locale.ROOT, "%s: tcp_bw x%s, cpu cost %s s/GB; tcp_lat %s us; udp_lat %s us%n", label,
                bw == null ? "-" : num(bw.getDouble("bandwidthRatio"), "%.2f"),
                bw == null ? "-" : signed(bw.getDouble("addedCpuCostNsPerByte"), 1.0),
                tcp == null ? "-" : signed(tcp.getDouble("addedLatencyNs"), 1000.0),
                udp == null ? "-" : signed(udp.getDouble("addedLatencyNs"), 1000.0));
    }

    private JsonObject taxOf(String path, String test, String field) {
        JsonObject row = row(path, test);
        return row == null ? null : row.getJsonObject(field);
    }

    /** The Service's split per backend and the chi-square verdict, per test of the Service path. */
    String serviceSplit() {
        StringBuilder out = new StringBuilder();
        for (String test : TESTS) {
            JsonObject row = row("POD_TO_SERVICE", test);
            JsonArray splits = row == null ? new JsonArray() : row.getJsonArray("loadBalancing", new JsonArray());
            for (int i = 0; i < splits.size(); i++) {
                JsonObject split = splits.getJsonObject(i).getJsonObject("split");
                out.append(String.format(Locale.ROOT, "Service %s, %s: ", splits.getJsonObject(i)
                        .getString("service"), test.toLowerCase(Locale.ROOT)));
                JsonArray backends = split.getJsonArray("backends");
                List<String> parts = new ArrayList<>();
                for (int b = 0; b < backends.size(); b++) {
                    JsonObject share = backends.getJsonObject(b);
                    parts.add(String.format(Locale.ROOT, "%s %d (%.0f %%, expected %.0f %%)",
                            share.getString("backend"), share.getLong("observed"), 100 * share.getDouble("share"),
                            100 * share.getDouble("expectedShare")));
                }
                out.append(String.join(", ", parts)).append("; ").append(verdict(split)).append('\n');
            }
        }
        return out.length() == 0 ? "no Service split: no pod-service-pod result named its backend\n"
                : out.toString();
    }

    static String verdict(JsonObject split) {
        Double p = split.getDouble("pValue");
        if (p == null || split.getDouble("chiSquare") == null) {
            return "no chi-square test (" + split.getJsonArray("backends").size()
                    + " backend served, at least 2 are needed)";
        }
        return String.format(Locale.ROOT, "chi-square %.2f, %d df, p = %.3f: %s", split.getDouble("chiSquare"),
                split.getInteger("degreesOfFreedom"), p, p < UNEVEN_P ? "uneven, not the expected "
                        + split.getString("expectation") + " split" : "consistent with an "
                        + split.getString("expectation") + " split");
    }

    /** Two to four sentences computed from the figures; a sentence whose figures are missing is left out. */
    List<String> conclusions() {
        List<String> out = new ArrayList<>();
        JsonObject overlayBw = taxOf("POD_TO_POD", "TCP_BW", "overlayTax");
        JsonObject overlayLat = taxOf("POD_TO_POD", "TCP_LAT", "overlayTax");
        if (overlayBw != null && overlayBw.getDouble("bandwidthRatio") != null && overlayLat != null
                && overlayLat.getDouble("addedLatencyNs") != null) {
            double ratio = overlayBw.getDouble("bandwidthRatio");
            out.add(String.format(Locale.ROOT, "The overlay %s %.0f %% %s node-node TCP bandwidth and %s %.1f us"
                            + " of TCP latency.", ratio <= 1 ? "cost" : "gave", Math.abs(1 - ratio) * 100,
                    ratio <= 1 ? "of" : "more than",
                    overlayLat.getDouble("addedLatencyNs") >= 0 ? "added" : "saved",
                    Math.abs(overlayLat.getDouble("addedLatencyNs")) / 1000));
        }
        JsonObject serviceLat = taxOf("POD_TO_SERVICE", "TCP_LAT", "serviceTax");
        JsonObject serviceBw = taxOf("POD_TO_SERVICE", "TCP_BW", "serviceTax");
        if (serviceLat != null && serviceLat.getDouble("addedLatencyNs") != null) {
            double added = serviceLat.getDouble("addedLatencyNs") / 1000;
            String bw = serviceBw == null || serviceBw.getDouble("bandwidthRatio") == null ? ""
                    : String.format(Locale.ROOT, " and changed TCP bandwidth by %+.0f %%",
                            (serviceBw.getDouble("bandwidthRatio") - 1) * 100);
            out.add(String.format(Locale.ROOT, "Going through the Service %s %.1f us of TCP latency over pod-pod%s.",
                    added >= 0 ? "added" : "saved", Math.abs(added), bw));
        }
        String lossiest = null;
        double worstLoss = -1;
        for (String path : PATHS) {
            Double loss = figure(path, "UDP_BW", null, "udpLossRatio");
            if (loss != null && loss > worstLoss) {
                worstLoss = loss;
                lossiest = path;
            }
        }
        if (lossiest != null) {
            out.add(String.format(Locale.ROOT, "UDP sent at full speed lost most on %s: %.1f %% of datagrams never"
                    + " arrived.", label(lossiest), worstLoss * 100));
        }
        Double tcp = figure("NODE_TO_NODE", "TCP_LAT", "latencyNs", "p50");
        Double udp = figure("NODE_TO_NODE", "UDP_LAT", "latencyNs", "p50");
        if (tcp != null && udp != null) {
            out.add(String.format(Locale.ROOT, "Node to node, a UDP round trip took %.1f us against %.1f us for TCP"
                    + " (medians).", udp / 1000, tcp / 1000));
        }
        return out.size() > 4 ? out.subList(0, 4) : out;
    }

    static String label(String path) {
        return switch (path) {
            case "NODE_TO_NODE" -> "node-node";
            case "POD_TO_POD" -> "pod-pod";
            case "POD_TO_SERVICE" -> "pod-service-pod";
            default -> path;
        };
    }

    private static String mb(Double bytesPerSec) {
        return bytesPerSec == null ? "-" : bytesPerSec >= 1e9
                ? String.format(Locale.ROOT, "%.2f GB/s", bytesPerSec / 1e9)
                : String.format(Locale.ROOT, "%.1f MB/s", bytesPerSec / 1e6);
    }

    /** qperf's sec/GB is nanoseconds per byte. */
    private static String cost(Double nsPerByte) {
        return nsPerByte == null ? "-" : String.format(Locale.ROOT, "%.2f s/GB", nsPerByte);
    }

    /** A rate as qperf prints msg_rate: scaled by 1000 while at least 1000, e.g. "36 K/sec", "71.1 K/sec". */
    static String rate(Double perSec) {
        if (perSec == null) {
            return "-";
        }
        double value = perSec;
        int unit = 0;
        while (value >= 1000 && unit < RATE_UNITS.size() - 1) {
            value /= 1000;
            unit++;
        }
        return qperfNumber(value) + " " + RATE_UNITS.get(unit);
    }

    /**
     * A value in qperf's number format (its default precision of 3): three significant digits while
     * the integer part is shorter, else rounded to an integer; trailing zeros dropped; thousands
     * separated by commas; ties rounded to even on the exact binary value, as C's printf does.
     */
    static String qperfNumber(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("no qperf form for " + value);
        }
        BigDecimal exact = new BigDecimal(value);
        int digits = exact.setScale(0, RoundingMode.HALF_EVEN).abs().toPlainString().length();
        String text = exact.setScale(Math.max(0, 3 - digits), RoundingMode.HALF_EVEN).toPlainString();
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        int point = text.indexOf('.');
        String integer = point < 0 ? text : text.substring(0, point);
        String fraction = point < 0 ? "" : text.substring(point);
        StringBuilder grouped = new StringBuilder();
        int start = integer.startsWith("-") ? 1 : 0;
        for (int i = start; i < integer.length(); i++) {
            if (i > start && (integer.length() - i) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(integer.charAt(i));
        }
        return integer.substring(0, start) + grouped + fraction;
    }

    private static String us(Double ns) {
        return ns == null ? "-" : String.format(Locale.ROOT, "%.1f us", ns / 1000);
    }

    private static String percent(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    private static String num(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String signed(Double value, double divisor) {
        return value == null ? "-" : String.format(Locale.ROOT, "%+.2f", value / divisor);
    }
}
