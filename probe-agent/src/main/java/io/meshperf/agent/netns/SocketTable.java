package io.meshperf.agent.netns;

import java.util.List;
import java.util.Locale;

/**
 * Answers "is something listening on this port in that namespace?" from the kernel's socket tables
 * ({@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}), read by a {@code cat} run inside
 * the namespace, since {@code /proc/net} shows the reading process's own network namespace. Used to
 * wait for servers without connecting to them (a test connection would disturb what is measured,
 * for example by creating a conntrack entry). Blocks while {@code cat} runs.
 */
public final class SocketTable {

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
