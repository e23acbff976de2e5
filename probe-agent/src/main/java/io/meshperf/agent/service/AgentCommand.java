package io.meshperf.agent.service;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.schemas.settings.ConfigException;
import io.meshperf.schemas.settings.Setting;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
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
 * {@code probe-agent agent} (and the default when no subcommand is given): runs the probe agent until
 * the process is told to stop. Its flags are made from {@link AgentSettings}, one per setting, so each
 * setting is declared once; every flag can also be given as its {@code MESHPERF_*} variable.
 *
 * <p>Runs on the main thread and blocks until a shutdown hook has stopped the agent in order. Exit
 * status 2 for a configuration error (the message names the setting), 1 if the agent cannot start.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Runs the meshperf probe agent: serves qperf tests for peers, takes its jobs from Kafka,",
            "measures and publishes the results. Every flag may also be set as the environment variable",
            "shown with it; flags win."})
public final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    @Spec
    CommandSpec spec;

    /** The agent command with one flag per setting. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AgentCommand());
        addSettingOptions(cl.getCommandSpec());
        return cl;
    }

    /**
     * Registers the agent as subcommand {@code agent} of {@code top} and as what {@code top} runs when
     * no subcommand is given (with the same flags); help, version and other subcommands run as before.
     */
    public static void installAsDefault(CommandLine top) {
        top.addSubcommand("agent", commandLine());
        addSettingOptions(top.getCommandSpec());
        CommandLine.IExecutionStrategy previous = top.getExecutionStrategy();
        top.setExecutionStrategy(parsed -> {
            if (parsed.hasSubcommand() || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return previous.execute(parsed);
            }
            // Without configuration, `probe-agent` alone should still show what else it can do.
            return run(flagsOf(parsed.commandSpec()), () -> top.usage(System.err));
        });
    }

    /** Runs the agent on its own, without the other subcommands. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    private static void addSettingOptions(CommandSpec spec) {
        for (Setting<?> s : AgentSettings.ALL) {
            spec.addOption(OptionSpec.builder(s.flag())
                    .paramLabel("<" + s.type().split(",")[0] + ">")
                    .type(String.class)
                    .description(s.doc() + " [" + s.env() + "; " + s.defaultText() + "]")
                    .build());
        }
    }

    private static Map<String, String> flagsOf(CommandSpec spec) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Setting<?> s : AgentSettings.ALL) {
            OptionSpec o = spec.findOption(s.flag());
            if (o != null && o.getValue() != null) {
                flags.put(s.name(), o.getValue());
            }
        }
        return flags;
    }

    @Override
    public Integer call() {
        return run(flagsOf(spec), () -> spec.commandLine().usage(System.err));
    }

    private static int run(Map<String, String> flags, Runnable usage) {
        AgentConfig config;
        try {
            config = AgentConfig.fromEnvironment(flags);
        } catch (ConfigException e) {
            // Said once, to the operator, with the usage; the logs go to the same stream.
            System.err.println("probe-agent: configuration error: " + e.getMessage());
            usage.run();
            return 2;
        }
        for (String ignored : config.ignoredVariables()) {
            LOG.warn("environment variable {} is not a setting of the agent; ignored", ignored);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentService service;
        try {
            service = AgentService.start(config, registry, registry::scrape, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            LOG.error("agent {} cannot start: {}", config.agentId(), e.getMessage(), e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop();
            stopped.countDown();
        }, "meshperf-agent-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
