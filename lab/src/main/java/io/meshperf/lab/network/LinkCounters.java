package io.meshperf.lab.network;

import io.meshperf.agent.netns.Link;
import io.meshperf.agent.netns.VirtualNetwork;
import java.util.List;

/**
 * The byte and packet counters of one interface in a lab namespace, read from that namespace's
 * {@code /sys/class/net/IF/statistics} with {@code ip netns exec} (which mounts the namespace's own
 * sysfs; a plain read would show the root's devices). Blocks while {@code cat} runs.
 *
 * @param txBytes bytes sent
 * @param txPackets packets sent
 * @param rxBytes bytes received
 * @param rxPackets packets received
 */
public record LinkCounters(long txBytes, long txPackets, long rxBytes, long rxPackets) {

    /** Reads {@code link}'s counters now. */
    public static LinkCounters read(VirtualNetwork net, Link link) {
        String dir = "/sys/class/net/" + link.name() + "/statistics/";
        String out = net.exec(link.namespace(), List.of("cat", dir + "tx_bytes", dir + "tx_packets", dir + "rx_bytes",
                dir + "rx_packets")).requireSuccess().stdout();
        String[] values = out.strip().split("\\s+");
        if (values.length != 4) {
            throw new IllegalStateException("expected 4 counters of " + link + ", read: " + out.strip());
        }
        return new LinkCounters(Long.parseLong(values[0]), Long.parseLong(values[1]), Long.parseLong(values[2]),
                Long.parseLong(values[3]));
    }

    /** What changed from {@code before} to this reading. */
    public LinkCounters minus(LinkCounters before) {
        return new LinkCounters(txBytes - before.txBytes, txPackets - before.txPackets, rxBytes - before.rxBytes,
                rxPackets - before.rxPackets);
    }
}
