package io.meshperf.agent.netns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how many connections (or UDP flows) the DNAT rules of a namespace's nat table sent to each
 * destination. The nat table sees only the first packet of each connection, so a DNAT rule's packet
 * counter is the number of connections it chose, which is how kube-proxy's backend choice can be
 * checked independently of what the backends report. Blocks while {@code iptables} runs.
 */
public final class DnatCounters {

    /**
     * One DNAT destination.
     *
     * @param protocol {@code tcp} or {@code udp}
     * @param address the destination address
     * @param port the destination port
     */
    public record Target(String protocol, String address, int port) {
    }

    private static final Pattern TO = Pattern.compile("to:([0-9.]+):([0-9]+)");

    private DnatCounters() {
    }

    /** Sets every nat-table counter of {@code ns} to zero. */
    public static void reset(VirtualNetwork network, Namespace ns) {
        network.iptables(ns, "-t", "nat", "-Z");
    }

    /** The packet count of every DNAT rule in {@code ns}'s nat table, summed per destination. */
    public static Map<Target, Long> read(VirtualNetwork network, Namespace ns) {
        CommandResult listing = network.exec(ns, List.of("iptables", "-w", "-t", "nat", "-L", "-v", "-x", "-n"))
                .requireSuccess();
        return parse(listing.stdout());
    }

    /** Parses {@code iptables -t nat -L -v -x -n} output. */
    static Map<Target, Long> parse(String listing) {
        Map<Target, Long> counts = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            Matcher to = TO.matcher(line);
            if (fields.length > 4 && fields[2].equals("DNAT") && to.find()) {
                String protocol = switch (fields[3]) {
                    case "6", "tcp" -> "tcp";
                    case "17", "udp" -> "udp";
                    default -> fields[3];
                };
                Target target = new Target(protocol, to.group(1), Integer.parseInt(to.group(2)));
                counts.merge(target, Long.parseLong(fields[0]), Long::sum);
            }
        }
        return counts;
    }
}
