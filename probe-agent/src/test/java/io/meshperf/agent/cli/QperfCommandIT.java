package io.meshperf.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.meshperf.agent.engine.Engines;
import io.meshperf.agent.engine.StockQperf;
import io.meshperf.agent.engine.server.QperfServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The drop-in command against the stock server prints what the stock client prints. */
class QperfCommandIT {

    @BeforeAll
    static void needsStockQperf() {
        assumeThat(StockQperf.available()).isTrue();
    }

    private record Out(int code, String stdout, String stderr) {
    }

    private static Out run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        QperfCommand c = new QperfCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = new picocli.CommandLine(c).setUnmatchedOptionsArePositionalParams(true).execute(args);
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sameLinesNamesAndUnitsAsTheStockClient() throws Exception {
        try (StockQperf server = StockQperf.server()) {
            String port = Integer.toString(server.port());
            Out ours = run("-vv", "-t", "1", "-lp", port, "127.0.0.1", "tcp_bw", "tcp_lat", "udp_bw", "udp_lat",
                    "conf");
            StockQperf.Run stock = StockQperf.client(30, "-vv", "-t", "1", "-lp", port, "127.0.0.1", "tcp_bw",
                    "tcp_lat", "udp_bw", "udp_lat", "conf");

            assertThat(ours.code()).as(ours.stdout() + ours.stderr()).isZero();
            assertThat(shape(ours.stdout())).isEqualTo(shape(stock.stdout()));
            assertThat(ours.stdout()).contains("    rem_qperf  =  0.4.11");
        }
    }

    @Test
    void jsonLinesForSingleFlowAgainstOurServer() throws Exception {
        try (QperfServer server = Engines.server(true)) {
            Out ours = run("--single-flow", "--json", "-t", "1", "-lp", Integer.toString(server.port()), "127.0.0.1",
                    "tcp_lat", "udp_bw");
            List<String> lines = ours.stdout().lines().toList();

            assertThat(ours.code()).as(ours.stdout() + ours.stderr()).isZero();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("{\"jobId\":").contains("\"test\":\"TCP_LAT\"", "\"status\":\"OK\"",
                    "\"protocolMode\":\"SINGLE_FLOW\"", "\"servedBy\":{\"agentId\":\"lab/node-a/agent\"",
                    "\"p99Ns\":");
            assertThat(lines.get(1)).contains("\"test\":\"UDP_BW\"", "\"udpLossRatio\":", "\"udpMessagesSent\":");
        }
    }

    @Test
    void failureIsPrintedLikeQperfAndExitsOne() throws Exception {
        Out ours = run("-ws", "1", "-lp", Integer.toString(StockQperf.freePort()), "127.0.0.1", "tcp_lat");

        assertThat(ours.code()).isEqualTo(1);
        assertThat(ours.stdout()).startsWith("tcp_lat:\n127.0.0.1: failed to connect");
    }

    /**
     * Test headers and line names, with the number of lines: what must not differ between runs. qperf
     * leaves out a figure that is zero, so the CPU split lines (user, intr, kernel, iowait) and error
     * counts, which a 1 s test on an idle or busy core can leave at zero on either side, are not part
     * of the shape; their formatting is checked byte for byte by the unit tests.
     */
    private static List<String> shape(String out) {
        return out.lines().map(l -> l.contains("=") ? l.substring(0, l.indexOf('=')).trim() : l.trim())
                .filter(n -> !n.endsWith("_errors") && !n.matches(".*_cpus_(user|intr|kernel|iowait)")).toList();
    }
}
