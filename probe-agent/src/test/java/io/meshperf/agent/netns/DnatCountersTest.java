package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DnatCountersTest {

    @Test
    void sumsDnatPacketsPerDestination() {
        String listing = """
                Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
                    pkts      bytes target     prot opt in     out     source               destination
                      12      720 KUBE-SERVICES  0    --  *      *       0.0.0.0/0            0.0.0.0/0

                Chain KUBE-SEP-X (1 references)
                    pkts      bytes target     prot opt in     out     source               destination
                       0        0 KUBE-MARK-MASQ  0    --  *      *       10.250.0.11          0.0.0.0/0            /* default/m:x */
                       7      420 DNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/m:x */ tcp to:10.250.0.11:19765
                       5      140 DNAT       17   --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/m:y */ udp to:10.250.0.11:19765
                       2      140 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp to:10.250.0.12:4000
                """;
        assertThat(DnatCounters.parse(listing)).containsExactlyInAnyOrderEntriesOf(Map.of(
                new DnatCounters.Target("tcp", "10.250.0.11", 19765), 7L,
                new DnatCounters.Target("udp", "10.250.0.11", 19765), 5L,
                new DnatCounters.Target("tcp", "10.250.0.12", 4000), 2L));
    }
}
