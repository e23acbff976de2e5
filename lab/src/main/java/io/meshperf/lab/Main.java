package io.meshperf.lab;

import io.meshperf.agent.netns.CommandFailedException;
import io.meshperf.lab.bench.BenchAggregateCommand;
import io.meshperf.lab.cli.CleanCommand;
import io.meshperf.lab.cli.NetworkCommand;
import io.meshperf.lab.run.RunCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meshperf-lab}: the lab's command line. {@code run} puts the whole system on one machine and
 * prints what each path costs, and is what runs without a subcommand (options alone go to it); {@code network} builds and
 * checks the miniature cluster network, {@code clean} removes what an interrupted run left,
 * {@code bench-aggregate} measures the aggregation through the in-process broker. Runs on the main
 * thread and exits the JVM with the command's status.
 */
@Command(name = "meshperf-lab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "meshperf lab: a miniature Kubernetes network on one machine.",
        subcommands = {RunCommand.class, NetworkCommand.class, CleanCommand.class, BenchAggregateCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Where log4j's API goes when no log4j implementation is on the class path (it is not in this jar). */
    private static final String LOG4J_CONTEXT_FACTORY = "log4j2.loggerContextFactory";

    public static void main(String[] args) {
        // The in-process broker logs a little through log4j's API and the jar has no log4j core. Naming
        // log4j's own simple logger (errors to stderr) is what log4j falls back to anyway, minus the
        // ERROR line it prints about the fallback at every start.
        if (System.getProperty(LOG4J_CONTEXT_FACTORY) == null) {
            System.setProperty(LOG4J_CONTEXT_FACTORY, "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
        System.exit(commandLine().execute(withDefaultCommand(args)));
    }

    /**
     * The arguments with {@code run} put in front when they start with an option that is not the
     * top level's own ({@code --help}, {@code --version}), so {@code meshperf-lab --nodes 2} means
     * {@code meshperf-lab run --nodes 2}.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-") || java.util.Set.of("-h", "--help", "-V", "--version")
                .contains(args[0])) {
            return args;
        }
        String[] withRun = new String[args.length + 1];
        withRun[0] = "run";
        System.arraycopy(args, 0, withRun, 1, args.length);
        return withRun;
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

    /** No subcommand: {@code run} with its defaults. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("run").execute();
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
