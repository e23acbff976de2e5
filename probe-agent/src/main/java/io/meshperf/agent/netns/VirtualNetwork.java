package io.meshperf.agent.netns;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a test network out of Linux network namespaces, veth pairs, bridges, addresses, routes,
 * sysctls, iptables rules and tc qdiscs, by running {@code ip}, {@code iptables} and {@code tc}, and
 * removes all of it again.
 *
 * <p>Every namespace and interface name starts with this network's {@link #prefix()} (for example
 * {@code mpt3fa9c}), unique per run, so it never touches anything it did not create. Everything
 * created is registered as it is created; {@link #close()} removes it in reverse order, stopping
 * processes by PID first. A JVM shutdown hook calls {@code close()} as a backstop (Ctrl-C), and
 * {@link Leftovers#clean(String)} removes what an interrupted run left behind, by prefix.
 *
 * <p>Rules, routes, sysctls and qdiscs inside a namespace vanish with it. In the root namespace
 * this class only acts on interfaces it created (which it deletes explicitly); it refuses sysctls
 * and iptables rules there, so the root namespace ends exactly as it began.
 *
 * <p>Not thread-safe: build from one thread. Every method blocks while its commands run and throws
 * {@link CommandFailedException} (naming the command and its stderr) when one fails; what was built
 * until then stays registered, so closing the network still removes it.
 */
public final class VirtualNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualNetwork.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,9}");
    private static final Pattern SYSCTL_KEY = Pattern.compile("[a-z0-9_]+(\\.[A-Za-z0-9_-]+)+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration PROCESS_GRACE = Duration.ofSeconds(5);

    private final String prefix;
    private final CommandRunner runner;
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private final Set<Link> ownedRootLinks = new HashSet<>();
    private final Set<Namespace> ownedNamespaces = new HashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private VirtualNetwork(String prefix, CommandRunner runner, boolean withShutdownHook) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("invalid name prefix '" + prefix
                    + "': 2 to 10 characters, a lower-case letter then lower-case letters or digits");
        }
        this.prefix = prefix;
        this.runner = runner;
        this.shutdownHook = withShutdownHook ? new Thread(this::closeFromHook, prefix + "-cleanup") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** A network with a fresh random prefix ({@code mpt} and five hex digits), run by real commands. */
    public static VirtualNetwork create() {
        return new VirtualNetwork(randomPrefix("mpt"), new ProcessCommandRunner(), true);
    }

    /**
     * A network with the given prefix, whose commands go through {@code runner}. No shutdown hook is
     * installed: the caller owns the lifecycle (tests pass a recording runner here).
     */
    public static VirtualNetwork create(String prefix, CommandRunner runner) {
        return new VirtualNetwork(prefix, runner, false);
    }

    /** {@code base} followed by five random hex digits. */
    public static String randomPrefix(String base) {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return base + HexFormat.of().formatHex(bytes).substring(0, 5);
    }

    /** True when this machine can build virtual networks (root, and ip/iptables/tc present). */
    public static boolean isSupported() {
        return HostSupport.isSupported();
    }

    /** Removes the namespaces and root-namespace interfaces an interrupted run with this prefix left. */
    public static List<String> cleanLeftovers(String prefix) {
        return Leftovers.clean(prefix);
    }

    /** The prefix of every name this network creates. */
    public String prefix() {
        return prefix;
    }

    /** The interface name for {@code suffix}: the prefix followed by it, at most 15 characters. */
    public String linkName(String suffix) {
        return Link.requireValidName(prefix + suffix);
    }

    /** Creates namespace {@code <prefix>-<suffix>} with its loopback up. */
    public Namespace namespace(String suffix) {
        Namespace ns = new Namespace(prefix + "-" + suffix);
        ensureOpen();
        runner.check(List.of("ip", "netns", "add", ns.name()));
        register("namespace " + ns.name(), () -> deleteNamespace(ns));
        ownedNamespaces.add(ns);
        runner.check(ip(ns, "link", "set", "lo", "up"));
        return ns;
    }

    /**
     * Creates a veth pair, one end in each namespace (either may be the root namespace), both
     * named with the prefix, with the given MTU (0 for the kernel's default), and sets both up.
     *
     * @return the two ends, {@code a} first
     */
    public List<Link> veth(Namespace a, String suffixA, Namespace b, String suffixB, int mtu) {
        ensureOpen();
        requireUsable(a);
        requireUsable(b);
        if (mtu < 0 || (mtu > 0 && mtu < 68)) {
            throw new IllegalArgumentException("MTU must be 0 (default) or at least 68, was " + mtu);
        }
        Link endA = new Link(a, linkName(suffixA));
        Link endB = new Link(b, linkName(suffixB));
        // Created from the root's side when one end is there, so "netns" always names a real namespace.
        Link first = b.isRoot() ? endB : endA;
        Link second = first == endA ? endB : endA;
        List<String> args = new ArrayList<>(List.of("link", "add", first.name()));
        addMtu(args, mtu);
        args.addAll(List.of("type", "veth", "peer", "name", second.name()));
        if (!second.namespace().isRoot()) {
            args.addAll(List.of("netns", second.namespace().name()));
        }
        addMtu(args, mtu);
        runner.check(ip(first.namespace(), args.toArray(String[]::new)));
        if (first.namespace().isRoot() || second.namespace().isRoot()) {
            Link rootEnd = first.namespace().isRoot() ? first : second;
            ownedRootLinks.add(rootEnd);
            register("link " + rootEnd, () -> deleteRootLink(rootEnd));
        }
        up(endA);
        up(endB);
        return List.of(endA, endB);
    }

    /** Creates a bridge (STP off, so ports forward at once) and sets it up. */
    public Link bridge(Namespace ns, String suffix) {
        ensureOpen();
        requireUsable(ns);
        Link bridge = new Link(ns, linkName(suffix));
        runner.check(ip(ns, "link", "add", bridge.name(), "type", "bridge"));
        if (ns.isRoot()) {
            ownedRootLinks.add(bridge);
            register("bridge " + bridge, () -> deleteRootLink(bridge));
        }
        up(bridge);
        return bridge;
    }

    /** Plugs {@code port} into {@code bridge} (same namespace) and sets the port up. */
    public void attach(Link port, Link bridge) {
        requireOwned(port);
        if (!port.namespace().equals(bridge.namespace())) {
            throw new IllegalArgumentException("port " + port + " and bridge " + bridge + " are in different namespaces");
        }
        runner.check(ip(port.namespace(), "link", "set", port.name(), "master", bridge.name(), "up"));
    }

    /** Sets an interface up. */
    public void up(Link link) {
        requireOwned(link);
        runner.check(ip(link.namespace(), "link", "set", link.name(), "up"));
    }

    /** Adds an address in CIDR form ({@code 10.250.0.1/24}) to an interface. */
    public void address(Link link, String cidr) {
        requireOwned(link);
        runner.check(ip(link.namespace(), "addr", "add", cidr, "dev", link.name()));
    }

    /** Adds a route to {@code destination} (CIDR or {@code default}) out of {@code dev}, via a gateway or not (null). */
    public void route(Link dev, String destination, String via) {
        requireOwned(dev);
        List<String> args = new ArrayList<>(List.of("route", "add", destination));
        if (via != null) {
            args.addAll(List.of("via", via));
        }
        args.addAll(List.of("dev", dev.name()));
        runner.check(ip(dev.namespace(), args.toArray(String[]::new)));
    }

    /** Sets a sysctl inside a namespace of this network; refused for the root namespace. */
    public void sysctl(Namespace ns, String key, String value) {
        requireCreatedNamespace(ns, "sysctl");
        if (!SYSCTL_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid sysctl key '" + key + "'");
        }
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid value '" + value + "' for sysctl " + key);
        }
        runner.check(List.of("ip", "netns", "exec", ns.name(), "sysctl", "-qw", key + "=" + value));
    }

    /** Runs one {@code iptables} command (arguments after {@code iptables}) inside a namespace of this network. */
    public void iptables(Namespace ns, String... args) {
        requireCreatedNamespace(ns, "iptables");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "iptables", "-w"));
        command.addAll(List.of(args));
        runner.check(command);
    }

    /**
     * Loads rules in {@code iptables-restore} format inside a namespace of this network, keeping
     * what is already there ({@code --noflush}), as kube-proxy loads its rules.
     */
    public void iptablesRestore(Namespace ns, String rules) {
        requireCreatedNamespace(ns, "iptables-restore");
        runner.run(List.of("ip", "netns", "exec", ns.name(), "iptables-restore", "--noflush"), rules)
                .requireSuccess();
    }

    /**
     * Shapes what {@code link} sends with a token bucket filter:
     * {@code tc qdisc add dev LINK root tbf rate RATE burst BURST latency LATENCY}
     * (tc's own units, e.g. {@code 200mbit}, {@code 64kb}, {@code 50ms}).
     */
    public void shapeTbf(Link link, String rate, String burst, String latency) {
        requireOwned(link);
        List<String> command = tc(link.namespace(), "qdisc", "add", "dev", link.name(), "root", "tbf",
                "rate", rate, "burst", burst, "latency", latency);
        runner.check(command);
    }

    /** Runs a command inside a namespace of this network to completion and returns how it ended. */
    public CommandResult exec(Namespace ns, List<String> command) {
        requireCreatedNamespace(ns, "exec");
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        full.addAll(command);
        return runner.run(full);
    }

    /**
     * Starts a long-running command inside a namespace of this network; it is stopped by PID when
     * this network closes (or earlier, by the caller).
     *
     * @throws CommandFailedException if it cannot be started
     */
    public NamespacedProcess start(Namespace ns, String label, List<String> command) {
        requireCreatedNamespace(ns, "start");
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        full.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(full).start();
        } catch (IOException e) {
            throw new CommandFailedException(full, "cannot start: " + e.getMessage(), e);
        }
        NamespacedProcess handle = new NamespacedProcess(label, full, process);
        LOG.info("started {} in {}: PID {}", label, ns, handle.pid());
        register("process " + handle, () -> handle.stop(PROCESS_GRACE));
        return handle;
    }

    /**
     * Removes everything this network created, newest first: processes, root-namespace links,
     * namespaces (with their rules, routes, qdiscs and interfaces). Every step is attempted even if
     * an earlier one fails; the first failure is then thrown with the others suppressed.
     * Idempotent; blocks until done.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                LOG.debug("JVM already shutting down; the hook will find the network closed");
            }
        }
        runCleanups();
    }

    private void closeFromHook() {
        if (closed.compareAndSet(false, true)) {
            LOG.warn("JVM exiting with network {} still up; removing it", prefix);
            runCleanups();
        }
    }

    private synchronized void runCleanups() {
        RuntimeException first = null;
        while (!cleanups.isEmpty()) {
            Cleanup cleanup = cleanups.pop();
            try {
                cleanup.action().run();
            } catch (RuntimeException e) {
                LOG.error("cleanup of {} failed: {}", cleanup.what(), e.getMessage());
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        LOG.debug("network {} removed", prefix);
        if (first != null) {
            throw first;
        }
    }

    // Synchronized with runCleanups: the shutdown hook may run while the building thread registers.
    private synchronized void register(String what, Runnable action) {
        if (closed.get()) {
            // Closed (by the shutdown hook) while this was being created: remove it at once.
            LOG.warn("network {} closed while creating {}; removing it", prefix, what);
            action.run();
            return;
        }
        cleanups.push(new Cleanup(what, action));
    }

    private void deleteNamespace(Namespace ns) {
        Leftovers.stopProcessesIn(runner, ns.name(), PROCESS_GRACE);
        CommandResult result = runner.run(List.of("ip", "netns", "del", ns.name()));
        if (!result.succeeded() && !result.stderr().contains("No such file")) {
            result.requireSuccess();
        }
    }

    private void deleteRootLink(Link link) {
        Leftovers.deleteRootLinkIfPresent(runner, link.name());
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("network " + prefix + " is closed");
        }
    }

    private void requireUsable(Namespace ns) {
        if (!ns.isRoot() && !ownedNamespaces.contains(ns)) {
            throw new IllegalArgumentException("namespace " + ns + " was not created by network " + prefix);
        }
    }

    private void requireCreatedNamespace(Namespace ns, String what) {
        ensureOpen();
        if (ns.isRoot()) {
            throw new IllegalArgumentException(what + " in the root namespace is refused: it would outlive this network");
        }
        requireUsable(ns);
    }

    private void requireOwned(Link link) {
        ensureOpen();
        requireUsable(link.namespace());
        if (link.namespace().isRoot() && !ownedRootLinks.contains(link)) {
            throw new IllegalArgumentException("root-namespace interface " + link.name()
                    + " was not created by network " + prefix + "; it is left alone");
        }
    }

    private static void addMtu(List<String> args, int mtu) {
        if (mtu > 0) {
            args.addAll(List.of("mtu", Integer.toString(mtu)));
        }
    }

    static List<String> ip(Namespace ns, String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        if (!ns.isRoot()) {
            command.addAll(List.of("-n", ns.name()));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> tc(Namespace ns, String... args) {
        List<String> command = new ArrayList<>(List.of("tc"));
        if (!ns.isRoot()) {
            command.addAll(List.of("-n", ns.name()));
        }
        command.addAll(List.of(args));
        return command;
    }

    private record Cleanup(String what, Runnable action) {
    }
}
