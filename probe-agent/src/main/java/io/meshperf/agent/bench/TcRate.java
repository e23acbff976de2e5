package io.meshperf.agent.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate in tc's notation ({@code 200mbit}, {@code 1gbit}, {@code 500kbit}, {@code 10mbps}; "bit"
 * units are bits per second, "bps" units bytes per second, prefixes are decimal as tc uses them).
 *
 * @param text the rate as given, passed to tc unchanged
 * @param bitsPerSecond the rate in bits per second
 */
public record TcRate(String text, double bitsPerSecond) {

    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([kmgt]?)(bit|bps)");

    /**
     * Parses a tc rate.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static TcRate parse(String text) {
        Matcher m = RATE.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid rate '" + text
                    + "': expected a number with kbit, mbit, gbit, tbit, bit, or kbps, mbps, gbps, bps (bytes)");
        }
        double value = Double.parseDouble(m.group(1));
        double prefix = switch (m.group(2)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            case "t" -> 1e12;
            default -> 1;
        };
        double bits = value * prefix * (m.group(3).equals("bps") ? 8 : 1);
        if (bits < 8000) {
            throw new IllegalArgumentException("rate '" + text + "' is below 8kbit, too slow to measure");
        }
        return new TcRate(text.toLowerCase(Locale.ROOT), bits);
    }

    /** The rate in bytes per second. */
    public double bytesPerSecond() {
        return bitsPerSecond / 8;
    }

    /**
     * A tbf bucket size: 5 ms worth of the rate, at least 32 KiB. tbf needs at least rate/HZ bytes
     * to reach its rate at all; more than that lets bursts through and inflates short readings.
     */
    public long burstBytes() {
        return Math.max(32 * 1024, Math.round(bytesPerSecond() / 200));
    }

    /**
     * The best TCP payload rate through this shaper over a 1500-byte-MTU Ethernet link: tbf counts
     * whole frames (1514 bytes with the Ethernet header) and each carries 1448 bytes of payload
     * (1500 minus 20 IP, 20 TCP and 12 timestamp-option bytes).
     */
    public double tcpPayloadBytesPerSecond() {
        return bytesPerSecond() * 1448 / 1514;
    }
}
