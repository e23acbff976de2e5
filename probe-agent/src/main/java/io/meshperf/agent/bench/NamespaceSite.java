package io.meshperf.agent.bench;

import io.meshperf.agent.netns.Link;
import io.meshperf.agent.netns.Namespace;
import io.meshperf.agent.netns.NamespacedProcess;
import io.meshperf.agent.netns.SocketTable;
import io.meshperf.agent.netns.VirtualNetwork;
import java.util.List;

/**
 * Client and server in two network namespaces of their own, joined by one veth pair
 * (10.252.0.1 client, 10.252.0.2 server), optionally with the client's end shaped by tc tbf so
 * that what the client sends (tcp_bw's data) is rate-limited. Closing removes both namespaces and
 * stops every process in them.
 */
final class NamespaceSite implements BenchSite {

    /** The server's port: the namespaces are private, so the default qperf port cannot collide. */
    static final int PORT = 19765;

    private final VirtualNetwork network;
    private final Namespace client;
    private final Namespace server;
    private final String description;

    private NamespaceSite(VirtualNetwork network, Namespace client, Namespace server, String description) {
        this.network = network;
        this.client = client;
        this.server = server;
        this.description = description;
    }

    /**
     * Builds the two namespaces and the veth pair; with a non-null {@code shape}, the client's end
     * sends through a tbf qdisc at that rate. Closes what it built if a step fails.
     */
    static NamespaceSite create(TcRate shape) {
        VirtualNetwork network = VirtualNetwork.create();
        try {
            Namespace client = network.namespace("cli");
            Namespace server = network.namespace("srv");
            List<Link> ends = network.veth(client, "c0", server, "s0", 1500);
            network.address(ends.get(0), "10.252.0.1/24");
            network.address(ends.get(1), "10.252.0.2/24");
            String description = "veth between namespaces " + client + " and " + server;
            if (shape != null) {
                network.shapeTbf(ends.get(0), shape.text(), shape.burstBytes() + "b", "50ms");
                description += ", client side shaped by tbf at " + shape.text();
            }
            return new NamespaceSite(network, client, server, description);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String serverHost() {
        return "10.252.0.2";
    }

    @Override
    public int serverPort() {
        return PORT;
    }

    @Override
    public NamespacedProcess startServer(String label, List<String> command) {
        return network.start(server, label, command);
    }

    @Override
    public NamespacedProcess startClient(String label, List<String> command) {
        return network.start(client, label, command);
    }

    @Override
    public boolean serverListening(int port) {
        return SocketTable.tcpListening(network, server, port);
    }

    @Override
    public void close() {
        network.close();
    }
}
