package io.meshperf.agent.bench;

import io.meshperf.agent.netns.NamespacedProcess;
import io.meshperf.agent.netns.SocketTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Client and server in this network namespace, talking over 127.0.0.1. */
final class LoopbackSite implements BenchSite {

    private final List<NamespacedProcess> started = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "bench-loopback-cleanup");

    /** A site whose processes are also stopped if the JVM exits first (Ctrl-C). */
    LoopbackSite() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String description() {
        return "loopback (127.0.0.1)";
    }

    @Override
    public String serverHost() {
        return "127.0.0.1";
    }

    /**
     * A port that is free right now. Other programs on this machine may run qperf servers on the
     * default port, so a fixed port could collide.
     */
    @Override
    public int serverPort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    @Override
    public NamespacedProcess startServer(String label, List<String> command) {
        return track(NamespacedProcess.startHere(label, command));
    }

    @Override
    public NamespacedProcess startClient(String label, List<String> command) {
        return track(NamespacedProcess.startHere(label, command));
    }

    @Override
    public boolean serverListening(int port) {
        return SocketTable.tcpListeningHere(port);
    }

    private synchronized NamespacedProcess track(NamespacedProcess process) {
        started.add(process);
        return process;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting; the hook stops the processes.
            return;
        }
        stopAll();
    }

    private synchronized void stopAll() {
        started.forEach(p -> p.stop(Duration.ofSeconds(5)));
        started.clear();
    }
}
