package io.meshperf.lab;

import io.meshperf.agent.netns.CommandFailedException;
import io.meshperf.lab.bench.BenchAggregateCommand;
import io.meshperf.lab.cli.CleanCommand;
import io.meshperf.lab.cli.NetworkCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meshperf-lab}: the lab's command line. Subcommands only for now ({@code network} builds
 * and checks the miniature cluster network, {@code clean} removes what an interrupted run left,
 * {@code bench-aggregate} measures the aggregation through the in-process broker); without one it
 * prints usage and exits 2. Runs on the main thread and exits the JVM with the
 * command's status.
 */
@Command(name = "meshperf-lab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "meshperf lab: a miniature Kubernetes network on one machine.",
        subcommands = {NetworkCommand.class, CleanCommand.class, BenchAggregateCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl;
    }

    /**
     * Bad values (a spec picocli could not check by type) end with their message and status 2; a
     * failed command or an unusable machine with its message and status 1; anything else propagates.
     */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException) {
            cl.getErr().println("error: " + e.getMessage());
            cl.getErr().flush();
            return 2;
        }
        if (e instanceof CommandFailedException || e instanceof IllegalStateException) {
            cl.getErr().println("failed: " + e.getMessage());
            cl.getErr().flush();
            return 1;
        }
        throw e;
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
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"meshperf-lab " + (version == null ? "(development build)" : version)};
        }
    }
}
