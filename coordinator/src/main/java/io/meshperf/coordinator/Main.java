package io.meshperf.coordinator;

import io.meshperf.coordinator.bench.BenchPlanCommand;
import io.meshperf.coordinator.service.CoordinatorCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The coordinator's command line. Subcommands: {@code bench-plan}. Without a subcommand it prints
 * usage to standard error and exits with status 2.
 *
 * <p>Runs on the main thread; returns the subcommand's exit status (picocli reports bad options
 * with status 2 and a message naming the option).
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true, version = "meshperf coordinator 0.1.0",
        description = "meshperf coordinator: discovers the cluster, plans continuous measurement, publishes jobs.",
        subcommands = {BenchPlanCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit status for a command line that names no subcommand. */
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing subcommand.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** A configured command line, so tests can redirect its output. */
    public static CommandLine commandLine() {
        return CoordinatorCommand.installAsDefault(new CommandLine(new Main()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
