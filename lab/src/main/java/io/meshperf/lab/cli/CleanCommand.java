package io.meshperf.lab.cli;

import io.meshperf.agent.netns.ProcessCommandRunner;
import io.meshperf.lab.network.LabLeftovers;
import io.meshperf.lab.network.LabNetwork;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clean}: removes what interrupted labs left behind (processes in lab namespaces, by PID;
 * the namespaces; the root namespace's leg). Labs whose JVM is still running are left alone unless
 * named with {@code --prefix} and {@code --force}. Blocks; exit status 0 when done, 1 when this
 * machine cannot run namespace labs.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove the namespaces and links of lab runs that were killed.")
public final class CleanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Only the lab with this prefix (mpl and four hex digits, as the lab printed it).")
    String prefix;

    @Option(names = "--force", description = "With --prefix: remove it even if the lab that built it is still running.")
    boolean force;

    @Override
    public Integer call() {
        Optional<String> why = LabNetwork.whyNotSupported();
        if (why.isPresent()) {
            err().println("no namespace labs on this machine (" + why.get() + "), so nothing to clean");
            return 1;
        }
        if (force && prefix == null) {
            err().println("--force needs --prefix: only a lab named explicitly is removed while running");
            return 2;
        }
        ProcessCommandRunner runner = new ProcessCommandRunner();
        LabLeftovers.Result result = prefix == null ? LabLeftovers.cleanAll(runner)
                : LabLeftovers.clean(runner, prefix, force);
        result.removed().forEach(name -> out().println("removed " + name));
        result.running().forEach(p -> out().println("left running lab " + p + " alone (its JVM is alive;"
                + " stop it, or use --prefix " + p + " --force)"));
        if (result.removed().isEmpty()) {
            out().println("nothing to remove");
        }
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
