package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.agent.engine.singleflow.Datagram;
import io.meshperf.agent.engine.singleflow.SingleFlow;
import io.meshperf.agent.engine.wire.Wire;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SingleFlowCodecTest {

    @Test
    void datagramHeaderLayout() {
        byte[] b = Datagram.build(Datagram.ECHO, 0xCAFEBABE, 0x0102030405060708L, new byte[] {9});

        assertThat(HexFormat.of().formatHex(b)).isEqualTo("4d4601" + "04" + "bebafeca" + "0807060504030201" + "09");
        assertThat(Datagram.valid(b, b.length)).isTrue();
        assertThat(Datagram.type(b)).isEqualTo(Datagram.ECHO);
        assertThat(Datagram.flowId(b)).isEqualTo(0xCAFEBABE);
        assertThat(Datagram.seq(b)).isEqualTo(0x0102030405060708L);
        assertThat(Datagram.valid(b, Datagram.HEADER - 1)).isFalse();
        b[2] = 2;
        assertThat(Datagram.valid(b, b.length)).as("another version").isFalse();
    }

    @Test
    void tcpAcceptCanNeverBeAStockPort() {
        byte[] accept = SingleFlow.TCP_ACCEPT.clone();

        assertThat(SingleFlow.isTcpAccept(accept)).isTrue();
        assertThat(Wire.getU32(accept, 0)).isGreaterThan(65535);
        assertThat(accept[0]).isNotEqualTo((byte) '?');
        byte[] port = new byte[4];
        Wire.putU32(port, 0, 65535);
        assertThat(SingleFlow.isTcpAccept(port)).isFalse();
    }
}
