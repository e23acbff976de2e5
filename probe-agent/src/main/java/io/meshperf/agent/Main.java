package io.meshperf.agent;

import io.meshperf.agent.cli.QperfCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code probe-agent}: the agent's command line. Subcommands only for now; without one it prints
 * usage and exits 2. Runs on the main thread and exits the JVM with the command's status.
 */
@Command(name = "probe-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "meshperf probe agent.", subcommands = {QperfCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("qperf").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"probe-agent " + io.meshperf.agent.engine.EngineVersion.get()};
        }
    }
}
