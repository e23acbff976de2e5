package io.meshperf.lab.cli;

import io.meshperf.lab.network.CheckReport;
import io.meshperf.lab.network.LabMap;
import io.meshperf.lab.network.LabNetwork;
import io.meshperf.lab.network.LabNetworkSpec;
import io.meshperf.lab.network.NetworkCheck;
import io.meshperf.lab.network.Rate;
import io.meshperf.lab.network.ShapingCheck;
import java.util.List;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code network}: builds the lab's cluster network, prints its map, checks it with real traffic,
 * holds it (until Ctrl-C, or for {@code --hold} seconds) and removes it. Without root, or with
 * {@code --loopback}, prints the loopback lab's map and why. Blocks; exit status 0 when every
 * check held, 1 when one did not, 2 on bad options.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Build the miniature cluster network, print its map, check it, hold it, remove it.")
public final class NetworkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--pods-per-node", defaultValue = "1",
            description = "Pod namespaces per node; the first of each is a Service backend (default ${DEFAULT-VALUE}).")
    int podsPerNode;

    @Option(names = "--underlay-octet", paramLabel = "X",
            description = "Use underlay 10.99.X.0/24 (default: the first X no root address or route uses).")
    Integer underlayOctet;

    @Option(names = "--mtu", defaultValue = "1500",
            description = "Underlay MTU; VXLAN and pods get 50 less (default ${DEFAULT-VALUE}).")
    int mtu;

    @Option(names = "--port", defaultValue = "" + LabNetworkSpec.DEFAULT_SERVICE_PORT,
            description = "The meshperf port the ClusterIP exposes, TCP and UDP (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-port", split = ",", defaultValue = "" + LabNetworkSpec.DEFAULT_DATA_PORT,
            description = "Further ClusterIP ports, TCP and UDP, for stock qperf's data connection (default ${DEFAULT-VALUE}).")
    List<Integer> dataPorts;

    @Option(names = "--connections", defaultValue = "300",
            description = "TCP connections and UDP datagrams sent to the ClusterIP to check its split (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--no-check", description = "Build and print the map only.")
    boolean noCheck;

    @Option(names = "--shape-node", paramLabel = "N",
            description = "Shape this node's underlay NIC (needs --shape-rate); the check then measures it with stock qperf.")
    Integer shapeNode;

    @Option(names = "--shape-rate", paramLabel = "RATE", description = "tbf rate for --shape-node, e.g. 100mbit.")
    String shapeRate;

    @Option(names = "--hold", defaultValue = "-1", paramLabel = "SECONDS",
            description = "Keep the network up this long before removing it; -1 (default) until Ctrl-C, 0 not at all.")
    long holdSeconds;

    @Option(names = "--loopback", description = "Print the loopback lab's map instead (what runs without root).")
    boolean loopback;

    @Override
    public Integer call() throws InterruptedException {
        Optional<String> why = loopback ? Optional.of("--loopback was given") : LabNetwork.whyNotSupported();
        if (why.isPresent()) {
            out().print(LabNetwork.loopback(nodes, podsPerNode, why.get()).render());
            out().flush();
            return 0;
        }
        if ((shapeNode == null) != (shapeRate == null)) {
            err().println("--shape-node and --shape-rate go together");
            return 2;
        }
        LabNetworkSpec spec = new LabNetworkSpec(nodes, podsPerNode, Optional.ofNullable(underlayOctet), mtu, port,
                dataPorts);
        long rate = shapeRate == null ? 0 : Rate.bitsPerSecond(shapeRate);
        try (LabNetwork lab = LabNetwork.build(spec)) {
            LabMap map = lab.map();
            out().print(map.render());
            out().flush();
            if (shapeNode != null) {
                lab.shapeUnderlay(shapeNode, rate);
                out().println("node n" + shapeNode + " underlay shaped: tbf rate " + shapeRate);
            }
            boolean passed = true;
            if (!noCheck) {
                CheckReport report = new NetworkCheck(lab).run(connections);
                out().print(report.render());
                passed = report.passed();
                if (shapeNode != null && nodes > 1) {
                    int to = shapeNode == 1 ? 2 : 1;
                    CheckReport.Finding shaped = ShapingCheck.tcpBandwidth(lab, shapeNode, to, rate, 3);
                    out().println((shaped.passed() ? "ok   " : "FAIL ") + shaped.what() + ": " + shaped.detail());
                    passed &= shaped.passed();
                }
                out().println(passed ? "every check held" : "some checks failed");
            }
            hold(lab.prefix());
            return passed ? 0 : 1;
        }
    }

    private void hold(String prefix) throws InterruptedException {
        if (holdSeconds == 0) {
            return;
        }
        out().println(holdSeconds < 0 ? "holding lab " + prefix + " until Ctrl-C"
                : "holding lab " + prefix + " for " + holdSeconds + " s");
        out().flush();
        CountDownLatch never = new CountDownLatch(1);
        if (holdSeconds < 0) {
            // Ctrl-C ends the JVM here; the lab's shutdown hook removes the network.
            never.await();
        } else {
            never.await(holdSeconds, TimeUnit.SECONDS);
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
