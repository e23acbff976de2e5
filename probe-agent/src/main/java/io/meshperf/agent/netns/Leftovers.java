package io.meshperf.agent.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an interrupted run left behind (killed with SIGKILL, so neither
 * {@link VirtualNetwork#close()} nor its shutdown hook ran): namespaces and root-namespace
 * interfaces whose names start with a given prefix, after stopping the processes still running in
 * those namespaces by PID (a process left inside keeps a deleted namespace alive, invisibly).
 *
 * <p>Stateless; blocks while commands run; throws {@link CommandFailedException} when a deletion fails.
 */
public final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,9}");
    private static final Duration GRACE = Duration.ofSeconds(5);

    private Leftovers() {
    }

    /** Removes leftovers named {@code prefix...} with real commands. */
    public static List<String> clean(String prefix) {
        return clean(prefix, new ProcessCommandRunner());
    }

    /**
     * Removes every namespace and root-namespace interface whose name starts with {@code prefix}.
     *
     * @return the names removed, namespaces first
     */
    public static List<String> clean(String prefix, CommandRunner runner) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("invalid prefix '" + prefix
                    + "': 2 to 10 characters, a lower-case letter then lower-case letters or digits");
        }
        List<String> removed = new ArrayList<>();
        for (String ns : namespaces(runner)) {
            if (ns.startsWith(prefix)) {
                stopProcessesIn(runner, ns, GRACE);
                runner.check(List.of("ip", "netns", "del", ns));
                removed.add(ns);
            }
        }
        for (String link : rootLinks(runner)) {
            if (link.startsWith(prefix) && deleteRootLinkIfPresent(runner, link)) {
                removed.add(link);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed leftovers of prefix {}: {}", prefix, removed);
        }
        return removed;
    }

    /**
     * Deletes a root-namespace interface unless it is already gone: a veth whose peer was in a
     * namespace just deleted disappears with it, asynchronously, possibly between our look and
     * our delete.
     *
     * @return true if this call deleted it
     * @throws CommandFailedException if it still exists and cannot be deleted
     */
    static boolean deleteRootLinkIfPresent(CommandRunner runner, String link) {
        List<String> show = List.of("ip", "link", "show", "dev", link);
        if (!runner.run(show).succeeded()) {
            return false;
        }
        CommandResult delete = runner.run(List.of("ip", "link", "del", link));
        if (delete.succeeded()) {
            return true;
        }
        if (!runner.run(show).succeeded()) {
            return false;
        }
        throw new CommandFailedException(delete);
    }

    /** The names listed by {@code ip netns list}. */
    public static List<String> namespaces(CommandRunner runner) {
        List<String> names = new ArrayList<>();
        for (String line : runner.check(List.of("ip", "netns", "list")).stdout().split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.split("\\s+", 2)[0]);
            }
        }
        return names;
    }

    /** The interface names of the root namespace, from {@code ip -o link show}, without any {@code @peer}. */
    public static List<String> rootLinks(CommandRunner runner) {
        List<String> names = new ArrayList<>();
        for (String line : runner.check(List.of("ip", "-o", "link", "show")).stdout().split("\n")) {
            String[] fields = line.split(":\\s+", 3);
            if (fields.length >= 2) {
                String name = fields[1];
                int at = name.indexOf('@');
                names.add(at >= 0 ? name.substring(0, at) : name);
            }
        }
        return names;
    }

    /**
     * Stops every process running in namespace {@code ns}, by PID: SIGTERM, then SIGKILL after
     * {@code grace}. A namespace that no longer exists has no processes.
     */
    static void stopProcessesIn(CommandRunner runner, String ns, Duration grace) {
        CommandResult pids = runner.run(List.of("ip", "netns", "pids", ns));
        if (!pids.succeeded()) {
            LOG.debug("no processes listed in {}: {}", ns, pids.stderr().strip());
            return;
        }
        List<ProcessHandle> handles = new ArrayList<>();
        for (String line : pids.stdout().split("\n")) {
            if (!line.isBlank()) {
                Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(line.strip()));
                handle.ifPresent(handles::add);
            }
        }
        if (handles.isEmpty()) {
            return;
        }
        LOG.info("stopping {} processes still running in {}", handles.size(), ns);
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("PID {} in {} ignored SIGTERM; sending SIGKILL", handle.pid(), ns);
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
