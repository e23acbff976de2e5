package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.TestFailure;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.schemas.Status;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * Tells a meshperf server from a stock one without disturbing either: a marked conf request, to
 * which only a meshperf server appends a key/value block (a stock server closes after CONF). Blocks
 * up to the control timeout.
 */
final class PeerProbe {

    enum Kind { MESHPERF, STOCK }

    private PeerProbe() {
    }

    /** A key/value block if the peer sends one before closing, else an empty map. */
    static Map<String, String> optionalKeyValues(ControlChannel ch) throws TestFailure {
        try {
            ch.socket.setSoTimeout(5000);
            byte[] len = Wire.readToEnd(ch.in, 2);
            if (len.length < 2) {
                return Map.of();
            }
            int n = Wire.getU16(len, 0);
            if (n > KeyValueBlock.MAX_SIZE) {
                return Map.of();
            }
            byte[] all = new byte[2 + n];
            System.arraycopy(len, 0, all, 0, 2);
            byte[] body = Wire.readExactly(ch.in, n);
            System.arraycopy(body, 0, all, 2, n);
            return KeyValueBlock.decode(all, 0, all.length);
        } catch (SocketTimeoutException e) {
            return Map.of();
        } catch (IOException e) {
            throw new TestFailure(Status.ERROR, "failed to receive meshperf identity: " + e.getMessage());
        }
    }

    /** Asks {@code host:port} over TCP whether it is a meshperf server. */
    static Kind probe(String host, int port, int timeoutSec) throws TestFailure {
        try (ControlChannel ch = ControlChannel.connect(host, port, 1, timeoutSec)) {
            ch.write(Request.of(TestKind.CONF.index(), 0, 0, timeoutSec).withId(Request.Marker.IDENT).encode());
            ch.read(Conf.SIZE, "configuration");
            return optionalKeyValues(ch).isEmpty() ? Kind.STOCK : Kind.MESHPERF;
        }
    }
}
