package io.meshperf.agent.engine.singleflow;

/**
 * Constants of meshperf's SINGLE_FLOW mode, in which a whole test travels on one TCP connection or
 * one UDP flow so that a load balancer choosing per connection cannot split it. DESIGN.md has the
 * full wire format.
 *
 * <p>TCP: REQ (marked {@code meshperf/1 single-flow}) → server answers {@link #TCP_ACCEPT} and a
 * key/value identity block instead of PORT → SYNC_BEFORE both ways → data frames on the same
 * connection, each {@link #FRAME_DATA} plus msg_size bytes (tcp_lat: the server echoes msg_size
 * bytes), closed by one {@link #FRAME_END} byte → STAT (filler "MPID") and a key/value block →
 * SYNC_AFTER.
 *
 * <p>UDP: datagrams to the server's listen port number, each with a 16-byte header
 * ({@link Datagram}).
 */
public final class SingleFlow {

    /** What a meshperf server sends in place of PORT; as a u32 it exceeds 65535, so no stock server sends it. */
    public static final byte[] TCP_ACCEPT = {'M', 'P', 'S', 'F'};
    /** One data message follows. */
    public static final byte FRAME_DATA = 'D';
    /** The client's timer expired: the data phase is over. */
    public static final byte FRAME_END = 'E';
    /** Interval between retransmissions of a UDP control datagram. */
    public static final long RETRANSMIT_NANOS = 200_000_000L;
    /** A udp_lat round trip without echo after this long counts as lost; the next one starts. */
    public static final long LOSS_NANOS = 200_000_000L;

    private SingleFlow() {
    }

    public static boolean isTcpAccept(byte[] four) {
        return four.length == 4 && four[0] == 'M' && four[1] == 'P' && four[2] == 'S' && four[3] == 'F';
    }
}
