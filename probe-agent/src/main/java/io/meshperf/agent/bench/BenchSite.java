package io.meshperf.agent.bench;

import io.meshperf.agent.netns.NamespacedProcess;
import java.util.List;

/**
 * Where a client and a server run for the benchmark: over loopback in this namespace, or at the
 * two ends of a veth pair between two network namespaces. Every process it starts is stopped by
 * PID when the site closes, if the caller has not stopped it already. Used from one thread; every
 * method may block briefly.
 */
interface BenchSite extends AutoCloseable {

    /** What the path is, for the table title. */
    String description();

    /** The address the client connects to. */
    String serverHost();

    /** A TCP port on which the server can listen. */
    int serverPort();

    /** Starts a server command on the server's side. */
    NamespacedProcess startServer(String label, List<String> command);

    /** Starts a client command on the client's side. */
    NamespacedProcess startClient(String label, List<String> command);

    /** True when something listens on TCP {@code port} on the server's side. */
    boolean serverListening(int port);

    /** Stops what is still running and removes what the site created. */
    @Override
    void close();
}
