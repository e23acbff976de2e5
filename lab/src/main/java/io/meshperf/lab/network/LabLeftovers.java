package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandResult;
import io.meshperf.agent.netns.CommandRunner;
import io.meshperf.agent.netns.Leftovers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes what labs left behind when their JVM was killed: every namespace and
 * root-namespace interface of the lab prefix family ({@code mpl} and four hex digits), by prefix,
 * stopping the processes still running in those namespaces by PID first.
 *
 * <p>A lab that is still running is left alone: each lab writes its owner (PID and start time) as
 * the alias of its switch bridge, and a prefix whose owner is alive is skipped. Only a prefix named
 * explicitly with {@code force} is removed regardless. Stateless; blocks while commands run.
 */
public final class LabLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(LabLeftovers.class);
    private static final Pattern NAME = Pattern.compile("(" + LabNetwork.PREFIX_FAMILY + "[0-9a-f]{4})(-.*|host|swhost)");
    private static final Pattern OWNER = Pattern.compile("meshperf-lab pid=(\\d+) start=(\\d+)");
    private static final Pattern ALIAS = Pattern.compile("\"ifalias\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * What a clean did.
     *
     * @param removed the names removed, namespaces first
     * @param running the prefixes left alone because their lab is still running
     */
    public record Result(List<String> removed, List<String> running) {
    }

    private LabLeftovers() {
    }

    /** The owner tag of a lab built by this JVM: its PID and start time. */
    static String ownerTag() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return "meshperf-lab pid=" + self.pid() + " start=" + start;
    }

    /** The prefixes of every lab that has a namespace or root-namespace interface on this machine. */
    public static List<String> prefixes(CommandRunner runner) {
        TreeSet<String> found = new TreeSet<>();
        for (String name : Leftovers.namespaces(runner)) {
            match(name).ifPresent(found::add);
        }
        for (String name : Leftovers.rootLinks(runner)) {
            match(name).ifPresent(found::add);
        }
        return List.copyOf(found);
    }

    /** Removes the leftovers of every lab whose owner is gone. */
    public static Result cleanAll(CommandRunner runner) {
        List<String> removed = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (String prefix : prefixes(runner)) {
            if (ownerAlive(runner, prefix)) {
                LOG.info("lab {} is still running; left alone", prefix);
                running.add(prefix);
            } else {
                removed.addAll(Leftovers.clean(prefix, runner));
            }
        }
        return new Result(removed, running);
    }

    /**
     * Removes the leftovers of one lab.
     *
     * @param force remove it even if its owner is alive
     */
    public static Result clean(CommandRunner runner, String prefix, boolean force) {
        if (prefix == null || match(prefix + "-").isEmpty()) {
            throw new IllegalArgumentException("invalid lab prefix '" + prefix + "': " + LabNetwork.PREFIX_FAMILY
                    + " and four lower-case hex digits");
        }
        if (!force && ownerAlive(runner, prefix)) {
            return new Result(List.of(), List.of(prefix));
        }
        return new Result(Leftovers.clean(prefix, runner), List.of());
    }

    /** True when the lab's switch names an owner that is still the same running process. */
    static boolean ownerAlive(CommandRunner runner, String prefix) {
        CommandResult show = runner.run(List.of("ip", "-n", prefix + "-sw", "-j", "link", "show", "dev",
                prefix + LabNetworkBuilder.SWITCH_BRIDGE));
        if (!show.succeeded()) {
            return false;
        }
        Matcher alias = ALIAS.matcher(show.stdout());
        Matcher owner = alias.find() ? OWNER.matcher(alias.group(1)) : null;
        if (owner == null || !owner.matches()) {
            return false;
        }
        long start = Long.parseLong(owner.group(2));
        // The start time guards against the PID having been reused by another process since.
        return ProcessHandle.of(Long.parseLong(owner.group(1)))
                .filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().startInstant())
                .map(i -> i.toEpochMilli() == start)
                .orElse(false);
    }

    private static Optional<String> match(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
