package io.meshperf.agent;

import io.meshperf.agent.bench.BenchFidelityCommand;
import io.meshperf.agent.cli.QperfCommand;
import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.agent.service.AgentCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code probe-agent}: the agent's command line. Without a subcommand it runs the agent service
 * (configured by flags and {@code MESHPERF_*} variables; with no configuration it prints usage and
 * exits 2); {@code qperf} is the drop-in qperf client and server; {@code bench-fidelity} compares
 * the engine with stock qperf. Runs on the main thread and exits
 * the JVM with the command's status.
 */
@Command(name = "probe-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "meshperf probe agent.", subcommands = {QperfCommand.class, BenchFidelityCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Before any logger exists: the drop-in qperf and the benchmarks keep stderr quiet, while
        // the agent service reports its lifecycle (logback.xml reads the property).
        boolean service = args.length == 0 || args[0].startsWith("-") || args[0].equals("agent");
        System.setProperty("meshperf.log.level", service ? "INFO" : "WARN");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("qperf").setUnmatchedOptionsArePositionalParams(true);
        AgentCommand.installAsDefault(cl);
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
            return new String[] {"probe-agent " + EngineVersion.get()};
        }
    }
}
