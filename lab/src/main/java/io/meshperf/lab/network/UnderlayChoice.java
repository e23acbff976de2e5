package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the underlay {@code 10.99.X.0/24} for a lab. The underlay is the one lab network the root
 * namespace sees (through its leg, where the broker listens), so it must not overlap an address or
 * route the machine already has, including another lab's underlay: each running lab then gets its
 * own X. Reads {@code ip -4 addr} and {@code ip -4 route} of the root namespace; blocks while they run.
 */
public final class UnderlayChoice {

    private static final Pattern CIDR = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)(?:/(\\d+))?");

    /** Route types {@code ip route} prints before the destination. */
    private static final List<String> ROUTE_TYPES = List.of("local", "broadcast", "unicast", "anycast", "multicast",
            "blackhole", "unreachable", "prohibit", "throw", "nat");

    private UnderlayChoice() {
    }

    /**
     * The third octet to use: {@code wanted} if given and free, else the first free one.
     *
     * @throws IllegalStateException if {@code wanted} is taken, or every 10.99.X.0/24 is
     */
    public static int choose(CommandRunner runner, LabNetworkSpec spec) {
        List<long[]> used = new ArrayList<>();
        collect(runner.check(List.of("ip", "-4", "-o", "addr", "show")).stdout(), true, used);
        collect(runner.check(List.of("ip", "-4", "route", "show", "table", "all")).stdout(), false, used);
        if (spec.underlayThirdOctet().isPresent()) {
            int x = spec.underlayThirdOctet().get();
            if (!isFree(x, used)) {
                throw new IllegalStateException("underlay " + AddressPlan.UNDERLAY_BASE + x + ".0/24 overlaps an address"
                        + " or route the root namespace already has; choose another or let the lab pick one");
            }
            return x;
        }
        for (int x = 0; x <= 255; x++) {
            if (isFree(x, used)) {
                return x;
            }
        }
        throw new IllegalStateException("every " + AddressPlan.UNDERLAY_BASE + "X.0/24 overlaps an address or route"
                + " of the root namespace; remove stale labs with 'lab clean'");
    }

    /** True when {@code 10.99.x.0/24} overlaps none of the {address, prefix length} pairs. */
    static boolean isFree(int x, List<long[]> used) {
        long candidate = (10L << 24) | (99L << 16) | ((long) x << 8);
        for (long[] net : used) {
            int len = (int) Math.min(24, net[1]);
            long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
            if ((candidate & mask) == (net[0] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the networks named in {@code ip} output: for addresses, the {@code inet a.b.c.d/len}
     * field; for routes, the destination (first field; {@code default} covers everything but is
     * skipped, since a default route does not make a more specific subnet unusable).
     */
    static void collect(String output, boolean addresses, List<long[]> into) {
        for (String line : output.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            String cidr = null;
            if (addresses) {
                for (int i = 0; i + 1 < fields.length; i++) {
                    if (fields[i].equals("inet")) {
                        cidr = fields[i + 1];
                    }
                }
            } else if (fields.length > 0) {
                // "broadcast 10.0.0.255 ..." and "local ..." lines of the local table name the type first.
                int i = ROUTE_TYPES.contains(fields[0]) ? 1 : 0;
                cidr = i < fields.length ? fields[i] : null;
            }
            Matcher m = cidr == null ? null : CIDR.matcher(cidr);
            if (m != null && m.matches()) {
                long ip = 0;
                for (int g = 1; g <= 4; g++) {
                    ip = (ip << 8) | Long.parseLong(m.group(g));
                }
                into.add(new long[] {ip, m.group(5) == null ? 32 : Long.parseLong(m.group(5))});
            }
        }
    }
}
