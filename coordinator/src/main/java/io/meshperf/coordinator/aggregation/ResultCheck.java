package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.ResultKey;

/**
 * Decides whether a decoded result can be aggregated, and says why not. A result that decodes but
 * cannot be counted (an OK latency test without a latency, a negative bandwidth, msg_rate or cpus
 * used, a key that does not match its content) goes to the dead-letter topic like undecodable
 * bytes, rather than silently skewing a window. Pure and thread-safe.
 */
public final class ResultCheck {

    /** Reason header value for results that decode but fail these checks. */
    public static final String INVALID = "INVALID";
    /** Reason header value for a record whose key is not the key its content implies. */
    public static final String KEY_MISMATCH = "KEY_MISMATCH";

    private ResultCheck() {
    }

    /** Thrown for a result that cannot be aggregated; {@link #reason()} goes into the DLQ header. */
    public static final class Rejected extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final String reason;

        Rejected(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** {@link #INVALID} or {@link #KEY_MISMATCH}. */
        public String reason() {
            return reason;
        }
    }

    /**
     * Checks {@code result}, read from a record keyed {@code recordKey}, and returns its result key.
     *
     * @throws Rejected saying what is wrong
     */
    public static String check(String recordKey, MeasurementResult result) {
        String key;
        try {
            key = ResultKey.of(result).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Rejected(INVALID, "no result key can be made: " + e.getMessage());
        }
        if (!key.equals(recordKey)) {
            throw new Rejected(KEY_MISMATCH, "record key '" + recordKey + "' is not the result's key '" + key + "'");
        }
        if (result.getTest() == TestType.UNKNOWN) {
            throw new Rejected(INVALID, "test is UNKNOWN (written by a newer agent?)");
        }
        if (result.getStatus() == Status.OK) {
            if (isLatency(result.getTest())) {
                figure("latencyNs", result.getLatencyNs(), true);
            } else {
                figure("bandwidth (bwBytesPerSec or recvBwBytesPerSec)", bandwidth(result), true);
            }
            figure("sendCostNsPerByte", result.getSendCostNsPerByte(), false);
            figure("recvCostNsPerByte", result.getRecvCostNsPerByte(), false);
            figure("msgRatePerSec", result.getMsgRatePerSec(), false);
            figure("local.cpusUsedPercent", result.getLocal() == null ? null : result.getLocal().getCpusUsedPercent(),
                    false);
            figure("remote.cpusUsedPercent",
                    result.getRemote() == null ? null : result.getRemote().getCpusUsedPercent(), false);
            if (result.getUdpMessagesSent() != null && result.getUdpMessagesSent() < 0
                    || result.getUdpMessagesReceived() != null && result.getUdpMessagesReceived() < 0) {
                throw new Rejected(INVALID, "UDP datagram counters must not be negative");
            }
        }
        return key;
    }

    private static void figure(String name, Double value, boolean required) {
        if (value == null) {
            if (required) {
                throw new Rejected(INVALID, "an OK result of this test needs " + name);
            }
            return;
        }
        if (!(value >= 0) || value.isInfinite()) {
            throw new Rejected(INVALID, name + " must be finite and not negative, got " + value);
        }
    }

    /** True for TCP_LAT and UDP_LAT. */
    public static boolean isLatency(TestType test) {
        return test == TestType.TCP_LAT || test == TestType.UDP_LAT;
    }

    /** True for TCP_BW and UDP_BW. */
    public static boolean isBandwidth(TestType test) {
        return test == TestType.TCP_BW || test == TestType.UDP_BW;
    }

    /** The received bandwidth: qperf's bw (TCP), else recv_bw (UDP, where send_bw overstates it). */
    public static Double bandwidth(MeasurementResult result) {
        return result.getBwBytesPerSec() != null ? result.getBwBytesPerSec() : result.getRecvBwBytesPerSec();
    }
}
