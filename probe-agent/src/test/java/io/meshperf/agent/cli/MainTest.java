package io.meshperf.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void withoutSubcommandPrintsUsageListingQperfAndExitsTwo() {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute();
        } finally {
            System.setErr(saved);
        }

        assertThat(code).isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("Usage: probe-agent").contains("qperf");
    }

    @Test
    void qperfSubcommandTakesQperfSyntaxAndMeshperfFlags() {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r = cl.parseArgs("qperf", "-vv", "-t", "1", "--single-flow", "127.0.0.1", "--json",
                "tcp_lat", "-lp", "4000");
        QperfCommand q = (QperfCommand) r.subcommand().commandSpec().userObject();

        assertThat(q.singleFlow).isTrue();
        assertThat(q.json).isTrue();
        assertThat(q.qperfArgs).containsExactly("-vv", "-t", "1", "127.0.0.1", "tcp_lat", "-lp", "4000");
    }

    @Test
    void badQperfOptionExitsTwoNamingIt() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        QperfCommand q = new QperfCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        q.qperfArgs = java.util.List.of("-t", "x", "h", "tcp_bw");

        assertThat(q.call()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad value for -t: x");
    }
}
