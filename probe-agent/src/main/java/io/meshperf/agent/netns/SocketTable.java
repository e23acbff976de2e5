package io.meshperf.agent.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "is something listening on this port in that namespace?" from the kernel's socket tables
 * ({@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}), read by a {@code cat} run inside
 * the namespace, since {@code /proc/net} shows the reading process's own network namespace. Used to
 * wait for servers without connecting to them (a test connection would disturb what is measured,
 * for example by creating a conntrack entry). Blocks while {@code cat} runs.
 */
public final class SocketTable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketTable.class);
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private SocketTable() {
    }

    /** True when a TCP socket listens on {@code port} in {@code ns} (any address, IPv4 or IPv6). */
    public static boolean tcpListening(VirtualNetwork network, Namespace ns, int port) {
        return bound(read(network, ns, "tcp"), port, TCP_LISTEN);
    }

    /** True when an unconnected UDP socket is bound to {@code port} in {@code ns}. */
    public static boolean udpBound(VirtualNetwork network, Namespace ns, int port) {
        return bound(read(network, ns, "udp"), port, UDP_UNCONNECTED);
    }

    /** True when a TCP socket listens on {@code port} in this process's own namespace. */
    public static boolean tcpListeningHere(int port) {
        StringBuilder table = new StringBuilder();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                table.append(Files.readString(Path.of(file))).append('\n');
            } catch (IOException e) {
                // tcp6 is absent when IPv6 is disabled; the IPv4 table alone then answers.
                LOG.debug("cannot read {}: {}", file, e.getMessage());
            }
        }
        return bound(table.toString(), port, TCP_LISTEN);
    }

    private static String read(VirtualNetwork network, Namespace ns, String proto) {
        return network.exec(ns, List.of("cat", "/proc/net/" + proto, "/proc/net/" + proto + "6"))
                .requireSuccess().stdout();
    }

    /**
     * True when a line of a {@code /proc/net/{tcp,udp}[6]} table has local port {@code port} and
     * state {@code state} (two hex digits).
     */
    static boolean bound(String table, int port, String state) {
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        for (String line : table.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            // sl local_address rem_address st ...; the header line has "local_address" here.
            if (fields.length > 3 && fields[1].endsWith(portHex) && fields[3].equalsIgnoreCase(state)) {
                return true;
            }
        }
        return false;
    }
}
