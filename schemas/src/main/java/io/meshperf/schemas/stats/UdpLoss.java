package io.meshperf.schemas.stats;

/** Loss ratio of a UDP test from its datagram counters. Pure and thread-safe. */
public final class UdpLoss {

    private UdpLoss() {
    }

    /**
     * {@code 1 - received / sent}, from 0 (nothing lost) to 1 (everything lost). More received than
     * sent (duplicated datagrams) counts as no loss rather than a negative one.
     *
     * @throws IllegalArgumentException if a counter is negative, or nothing was sent: a UDP test that
     *     sent no datagram is a failure, not a loss figure
     */
    public static double ratio(long sent, long received) {
        if (sent < 0 || received < 0) {
            throw new IllegalArgumentException("UDP datagram counters must not be negative, got sent=" + sent
                    + " received=" + received);
        }
        if (sent == 0) {
            throw new IllegalArgumentException("no UDP datagram was sent, so there is no loss ratio; report the test"
                    + " as failed");
        }
        if (received >= sent) {
            return 0.0;
        }
        return (double) (sent - received) / sent;
    }
}
