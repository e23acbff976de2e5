package io.meshperf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void runIsRegisteredAndNamesABadOption() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.getSubcommands()).containsKeys("run", "network", "clean");
        assertThat(cl.execute("run", "--loopback", "--nodes", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes must be at least 2");
        assertThat(cl.execute("run", "--loopback", "--rounds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rounds must be at least 1");
        assertThat(cl.execute("run", "--loopback", "--nodes", "3", "--shape-rate", "1gbit", "--shape-node", "4"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--shape-node must be a node from 1 to --nodes (3)", "got 4");
        assertThat(cl.execute("run", "--loopback", "--shape-node", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --shape-rate, got 1");
    }

    @Test
    void optionsWithoutASubcommandGoToRun() {
        assertThat(Main.withDefaultCommand(new String[] {"--nodes", "2"})).containsExactly("run", "--nodes", "2");
        assertThat(Main.withDefaultCommand(new String[] {"network", "--loopback"}))
                .containsExactly("network", "--loopback");
        assertThat(Main.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
        assertThat(Main.withDefaultCommand(new String[0])).isEmpty();
    }

    @Test
    void loopbackNetworkPrintsItsMapAndWhy() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("network", "--loopback", "--nodes", "2")).isZero();
        assertThat(out.toString()).contains("loopback lab", "Why: --loopback was given", "node n2   127.0.0.12",
                "pod n2-p1   127.0.0.102", "no ClusterIP");
    }

    @Test
    void badOptionsAreRejected() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("network", "--nodes", "many")).isEqualTo(2);
    }

    @Test
    void aBadSpecEndsWithItsMessageAndStatusTwo() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("network", "--loopback", "--nodes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("error: a loopback lab has 1 to 89 nodes, asked for 0");
    }
}
