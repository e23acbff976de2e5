package io.meshperf.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.Main;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.schemas.settings.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentCommandTest {

    private static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theAgentIsTheDefaultCommandAndABadFlagStopsItNamingTheSetting() {
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = Main.commandLine().execute("--cluster", "lab", "--node", "n1",
                "--kafka-bootstrap-servers", "127.0.0.1:9092", "--heartbeat-interval-ms", "soon"));

        assertThat(code[0]).isEqualTo(2);
        assertThat(err).contains("configuration error: MESHPERF_HEARTBEAT_INTERVAL_MS (--heartbeat-interval-ms) from"
                + " --heartbeat-interval-ms: 'soon' is not valid");
    }

    @Test
    void theAgentSubcommandTakesTheSameFlags() {
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = Main.commandLine().execute("agent", "--node", "n1"));

        assertThat(code[0]).isEqualTo(2);
        assertThat(err).contains("MESHPERF_CLUSTER (--cluster) is required");
    }

    @Test
    void everySettingIsAFlagOfBothCommandsAndQperfStaysASubcommand() {
        CommandLine top = Main.commandLine();
        for (Setting<?> s : AgentSettings.ALL) {
            assertThat(top.getCommandSpec().findOption(s.flag())).as(s.flag()).isNotNull();
            assertThat(top.getSubcommands().get("agent").getCommandSpec().findOption(s.flag())).as(s.flag())
                    .isNotNull();
        }
        assertThat(top.getSubcommands()).containsKeys("qperf", "agent");
    }
}
