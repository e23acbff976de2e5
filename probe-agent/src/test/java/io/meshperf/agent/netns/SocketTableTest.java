package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocketTableTest {

    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:4D35 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
               1: 0000000000000000FFFF00000B00FA0A:4D35 0000000000000000FFFF00000100FA0A:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 20 4 30 10 -1
            """;

    @Test
    void findsAListeningSocketByPortAndState() {
        assertThat(SocketTable.bound(TCP6, 19765, "0A")).isTrue();
        assertThat(SocketTable.bound(TCP6, 19766, "0A")).isFalse();
        assertThat(SocketTable.bound(TCP6, 41394, "0A")).isFalse();
        assertThat(SocketTable.bound("", 19765, "0A")).isFalse();
    }

    @Test
    void findsAnUnconnectedUdpSocket() {
        String udp = """
                   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                  7: 00000000:0FA1 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3 2 0000000000000000 0
                """;
        assertThat(SocketTable.bound(udp, 4001, "07")).isTrue();
        assertThat(SocketTable.bound(udp, 4000, "07")).isFalse();
    }
}
