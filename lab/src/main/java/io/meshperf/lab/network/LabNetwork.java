package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandResult;
import io.meshperf.agent.netns.CommandRunner;
import io.meshperf.agent.netns.HostSupport;
import io.meshperf.agent.netns.Link;
import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.NamespacedProcess;
import io.meshperf.agent.netns.ProcessCommandRunner;
import io.meshperf.agent.netns.VirtualNetwork;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A miniature Kubernetes cluster network, built out of network namespaces the way Flannel's VXLAN
 * backend and kube-proxy's iptables mode build a real one: nodes on an underlay switch, a pod
 * subnet and bridge per node, a VXLAN overlay between the nodes, and a ClusterIP Service over the
 * first pod of every node. {@link #map()} says where everything is.
 *
 * <p>Every name starts with a per-run prefix ({@value #PREFIX_FAMILY} and four hex digits), so the
 * lab never touches anything it did not create and two labs never collide. {@link #close()} removes
 * everything in the lab recipe's order (processes, pods, nodes, the root namespace's leg, the
 * switch); a shutdown hook does the same on Ctrl-C, and {@link LabLeftovers} cleans up after a run
 * that was killed. The root namespace changes by one veth only: its leg on the underlay, where the
 * broker listens.
 *
 * <p>Building and every method here block the calling thread while {@code ip}, {@code tc} or
 * {@code iptables} run; failures throw {@link io.meshperf.agent.netns.CommandFailedException} naming
 * the command. Not thread-safe except {@link #close()}, which may race the shutdown hook safely.
 */
public final class LabNetwork implements AutoCloseable {

    /** The first characters of every lab prefix; {@link LabLeftovers} looks for this family. */
    public static final String PREFIX_FAMILY = "mpl";
    private static final Logger LOG = LoggerFactory.getLogger(LabNetwork.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> PROGRAMS = List.of("bridge", "sysctl");

    private final VirtualNetwork net;
    private final CommandRunner runner;
    private final LabNetworkSpec spec;
    private final LabMap map;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private LabNetwork(VirtualNetwork net, CommandRunner runner, LabNetworkSpec spec, LabMap map, Thread shutdownHook) {
        this.net = net;
        this.runner = runner;
        this.spec = spec;
        this.map = map;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Why this machine cannot build a namespace lab (not root, or a program missing), or empty when
     * it can.
     */
    public static Optional<String> whyNotSupported() {
        Optional<String> missing = HostSupport.missing();
        if (missing.isPresent()) {
            return missing;
        }
        return PROGRAMS.stream().filter(p -> HostSupport.findOnPath(p).isEmpty()).findFirst()
                .map(p -> p + " not found on the PATH");
    }

    /** A fresh prefix: {@value #PREFIX_FAMILY} and four hex digits, leaving 8 characters for interface names. */
    public static String randomPrefix() {
        byte[] bytes = new byte[2];
        RANDOM.nextBytes(bytes);
        return PREFIX_FAMILY + HexFormat.of().formatHex(bytes);
    }

    /** Builds a lab with a fresh prefix. See {@link #build(LabNetworkSpec, String)}. */
    public static LabNetwork build(LabNetworkSpec spec) {
        return build(spec, randomPrefix());
    }

    /**
     * Builds a lab whose names start with {@code prefix}: 0.25 to 3.5 s for three nodes here (by load), about
     * a hundred short {@code ip} commands.
     * If a step fails, everything built until then is removed before the failure is thrown.
     *
     * @throws io.meshperf.agent.netns.CommandFailedException naming the command that failed
     * @throws IllegalStateException if the underlay the spec asks for is already in use
     */
    public static LabNetwork build(LabNetworkSpec spec, String prefix) {
        if (prefix == null || !prefix.matches(PREFIX_FAMILY + "[0-9a-f]{4}")) {
            throw new IllegalArgumentException("invalid lab prefix '" + prefix + "': " + PREFIX_FAMILY
                    + " and four lower-case hex digits");
        }
        CommandRunner runner = new ProcessCommandRunner();
        int third = UnderlayChoice.choose(runner, spec);
        LabMap plan = AddressPlan.plan(spec, prefix, third);
        VirtualNetwork net = VirtualNetwork.create(prefix, runner);
        // Installed before the first command, so Ctrl-C during the build removes what exists by then;
        // closing the network is idempotent, so the hook and close() may both try.
        Thread hook = new Thread(() -> closeFromHook(net, prefix), prefix + "-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        LabNetwork lab;
        try {
            LabMap built = new LabNetworkBuilder(net, runner, spec).build(plan, LabLeftovers.ownerTag());
            lab = new LabNetwork(net, runner, spec, built, hook);
        } catch (RuntimeException e) {
            LOG.error("building lab {} failed; removing what was built: {}", prefix, e.getMessage());
            try {
                removeHook(hook);
                closeNetwork(net);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.info("lab {} built in {} ms: {} nodes, {} pods, underlay {}", prefix,
                (System.nanoTime() - started) / 1_000_000, spec.nodes(), plan.pods().size(), plan.underlaySubnet());
        return lab;
    }

    /**
     * The map of a loopback lab (nothing to build or remove): every node and pod on its own
     * 127.0.0.x address, no ClusterIP, and a note line saying so and why.
     */
    public static LabMap loopback(int nodes, int podsPerNode, String why) {
        return AddressPlan.loopback(nodes, podsPerNode, why);
    }

    /** Where everything is. */
    public LabMap map() {
        return map;
    }

    /** The spec this lab was built from. */
    public LabNetworkSpec spec() {
        return spec;
    }

    /** The prefix of every name this lab created. */
    public String prefix() {
        return map.prefix();
    }

    /** The address of the root namespace's leg on the underlay: where a broker on the host listens. */
    public String brokerAddress() {
        return map.brokerAddress();
    }

    /** The underlying network, for the netns library's readers ({@code DnatCounters}, {@code SocketTable}). */
    public VirtualNetwork network() {
        return net;
    }

    /** Node {@code index}'s underlay NIC (the lab's {@code eth0}). */
    public Link underlayLink(int index) {
        return new Link(map.node(index).namespace(), net.linkName(LabNetworkBuilder.NODE_NIC));
    }

    /** Node {@code index}'s VXLAN device (the lab's {@code flannel.1}). */
    public Link vxlanLink(int index) {
        return new Link(map.node(index).namespace(), net.linkName(LabNetworkBuilder.VXLAN));
    }

    /**
     * Starts a long-running command in a node or pod namespace; it is stopped by PID when the lab
     * closes, or earlier by the caller.
     */
    public NamespacedProcess start(Namespace ns, String label, List<String> command) {
        return net.start(ns, label, command);
    }

    /** Runs a command to completion in a node or pod namespace. */
    public CommandResult exec(Namespace ns, List<String> command) {
        return net.exec(ns, command);
    }

    /**
     * Limits what node {@code index} sends on its underlay NIC to {@code bitsPerSecond} with a token
     * bucket filter. tbf counts whole Ethernet frames, so TCP payload arrives at about
     * {@code rate × 1448/1514} (MTU 1500), and over VXLAN at {@code rate × 1398/1514}.
     */
    public void shapeUnderlay(int index, long bitsPerSecond) {
        if (bitsPerSecond < 8_000) {
            throw new IllegalArgumentException("shaping rate must be at least 8000 bit/s, was " + bitsPerSecond);
        }
        // The bucket must hold at least one timer tick's worth of bytes at this rate; 10 ms is ample.
        long burstBytes = Math.max(32 * 1024, bitsPerSecond / 8 / 100);
        net.shapeTbf(underlayLink(index), bitsPerSecond + "bit", burstBytes + "b", "50ms");
        LOG.info("node {} underlay shaped to {} bit/s", index, bitsPerSecond);
    }

    /** Removes the shaping from node {@code index}'s underlay NIC. */
    public void unshapeUnderlay(int index) {
        Link link = underlayLink(index);
        runner.check(List.of("tc", "-n", link.namespace().name(), "qdisc", "del", "dev", link.name(), "root"));
    }

    /** The traffic counters of node {@code index}'s VXLAN device. */
    public LinkCounters vxlanCounters(int index) {
        return LinkCounters.read(net, vxlanLink(index));
    }

    /**
     * Removes everything the lab created, in the lab recipe's order; stops every process still
     * running in its namespaces first. Idempotent; blocks (well under a second, plus up to 5 s for
     * a process that ignores SIGTERM).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeHook(shutdownHook);
        closeNetwork(net);
        LOG.info("lab {} removed", prefix());
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM shutting down; its hook {} removes the lab", hook.getName());
        }
    }

    private static void closeFromHook(VirtualNetwork net, String prefix) {
        LOG.warn("JVM exiting with lab {} up; removing it", prefix);
        closeNetwork(net);
        LOG.warn("lab {} removed", prefix);
    }

    /**
     * Closes the network, or waits for the thread already closing it: a second {@code close()} of a
     * VirtualNetwork returns at once, and a shutdown hook that returned while the main thread was
     * still removing things would let the JVM halt halfway through. The network's own close holds
     * the same monitor, so this nests safely.
     */
    private static void closeNetwork(VirtualNetwork net) {
        synchronized (net) {
            net.close();
        }
    }
}
