package io.meshperf.coordinator.service;

import io.meshperf.schemas.settings.ConfigException;
import io.meshperf.coordinator.config.CoordinatorConfig;
import io.meshperf.coordinator.config.CoordinatorSettings;
import io.meshperf.schemas.settings.Setting;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code coordinator run}, and what {@code java -jar coordinator.jar} runs when configured: the
 * coordinator service, until the process is told to stop. One flag per setting of
 * {@link CoordinatorSettings}; each may also be given as its {@code MESHPERF_*} variable (flags win).
 *
 * <p>Runs on the main thread and blocks until a shutdown hook has closed the service in order. Exit
 * status 2 for a configuration error (the message names the setting), 1 when the service cannot
 * start.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the meshperf coordinator: discovers the targets, elects a leader among replicas,",
            "plans and publishes jobs, writes TIMEOUT results for silent agents, aggregates results and serves",
            "HTTP (API, metrics, heatmap page). Every flag may",
            "also be set as the environment variable shown with it; flags win."})
public final class CoordinatorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCommand.class);
    static final int CONFIG_ERROR = 2;
    static final int START_FAILED = 1;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    CoordinatorCommand(Map<String, String> env) {
        this.env = env;
    }

    /** The command with one flag per setting, reading the process environment. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new CoordinatorCommand(env));
        addSettingOptions(cl.getCommandSpec());
        return cl;
    }

    /**
     * Adds {@code run} to {@code top} and makes it what {@code top} runs without a subcommand when
     * any coordinator setting is given (flag or variable); with none, {@code top} behaves as before
     * (usage), so a bare {@code coordinator} still shows what it can do. Returns {@code top}.
     */
    public static CommandLine installAsDefault(CommandLine top) {
        Map<String, String> env = System.getenv();
        top.addSubcommand("run", commandLine(env));
        addSettingOptions(top.getCommandSpec());
        CommandLine.IExecutionStrategy previous = top.getExecutionStrategy();
        top.setExecutionStrategy(parsed -> {
            Map<String, String> flags = flagsOf(parsed.commandSpec());
            boolean configured = !flags.isEmpty()
                    || CoordinatorSettings.ALL.stream().anyMatch(s -> env.containsKey(s.env()));
            if (parsed.hasSubcommand() || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()
                    || !configured) {
                return previous.execute(parsed);
            }
            return run(flags, env, top);
        });
        return top;
    }

    /** Runs the service on its own. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public Integer call() {
        return run(flagsOf(spec), env, spec.commandLine());
    }

    private static int run(Map<String, String> flags, Map<String, String> env, CommandLine cl) {
        CoordinatorConfig config;
        try {
            config = CoordinatorConfig.from(flags, env);
        } catch (ConfigException e) {
            cl.getErr().println("Configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        }
        CoordinatorService service = new CoordinatorService(config, Clock.systemUTC());
        try {
            service.start();
        } catch (RuntimeException e) {
            LOG.error("Coordinator could not start", e);
            cl.getErr().println("Coordinator could not start: " + e.getMessage());
            return START_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the coordinator");
            service.close();
            stopped.countDown();
        }, "meshperf-coordinator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void addSettingOptions(CommandSpec spec) {
        for (Setting<?> s : CoordinatorSettings.ALL) {
            spec.addOption(OptionSpec.builder(s.flag())
                    .paramLabel("<" + s.type().split(",")[0] + ">")
                    .type(String.class)
                    .description(s.doc() + " [" + s.env() + "; " + s.defaultText() + "]")
                    .build());
        }
    }

    private static Map<String, String> flagsOf(CommandSpec spec) {
        Map<String, String> flags = new HashMap<>();
        for (Setting<?> s : CoordinatorSettings.ALL) {
            OptionSpec option = spec.findOption(s.flag());
            if (option != null && option.getValue() != null) {
                flags.put(s.flag(), option.getValue());
            }
        }
        return flags;
    }
}
