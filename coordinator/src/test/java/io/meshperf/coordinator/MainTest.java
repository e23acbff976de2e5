package io.meshperf.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void withoutASubcommandPrintsUsageAndExitsTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand").contains("bench-plan");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void benchPlanMeasuresEachSize() {
        int code = run("bench-plan", "--nodes", "6,9", "--nodes", "12", "--warmup", "1", "--repeats", "3",
                "--cycle-repeats", "1");
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("nodes=6 ", "nodes=9 ", "nodes=12 ");
        assertThat(text).contains("jobs/round 54", "jobs/slot 9", "(9 slots)", "allocated");
        // The planner's own figure, ceil((n - 1) / peers per round) with the default 3 peers, per size.
        assertThat(text).contains("all ordered pairs in 2 rounds", "all ordered pairs in 3 rounds",
                "all ordered pairs in 4 rounds");
    }

    @Test
    void benchPlanRejectsBadSizesNamingTheOption() {
        assertThat(run("bench-plan", "--nodes", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes must be in 2..65000, got 1");
    }

    @Test
    void benchPlanRejectsAnImpossiblePlanConfig() {
        assertThat(run("bench-plan", "--peers-per-round", "50")).isEqualTo(2);
        assertThat(err.toString()).contains("peersPerRound=50 needs");
    }
}
