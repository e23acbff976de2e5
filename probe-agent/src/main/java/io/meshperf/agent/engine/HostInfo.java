package io.meshperf.agent.engine;

import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What qperf's conf test reports about this host (section 9 of the protocol notes): node name, the
 * cpu string built from /proc/cpuinfo the way qperf builds it, and the OS. Reads files once; pure
 * string rules are exposed for tests.
 */
public final class HostInfo {

    private static final Logger LOG = LoggerFactory.getLogger(HostInfo.class);

    private HostInfo() {
    }

    /** This host's conf record. Blocks briefly on reading /proc; never fails (empty fields instead). */
    public static Conf local() {
        return new Conf(nodeName(), cpuString(readLines(Path.of("/proc/cpuinfo"))),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), Request.VERSION_TEXT);
    }

    /** The kernel's node name (uname nodename), falling back to the HOSTNAME variable. */
    public static String nodeName() {
        List<String> lines = readLines(Path.of("/proc/sys/kernel/hostname"));
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
            return lines.get(0).trim();
        }
        String env = System.getenv("HOSTNAME");
        return env == null ? "" : env;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", p, e.toString());
            return List.of();
        }
    }

    /** qperf's cpu string from the lines of a cpuinfo file. */
    public static String cpuString(List<String> cpuinfo) {
        int count = 0;
        String model = null;
        String mhz = null;
        boolean mixed = false;
        for (String line : cpuinfo) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("model name")) {
                count++;
                if (model == null) {
                    model = line;
                } else if (!model.equals(line)) {
                    mixed = true;
                }
            } else if (lower.startsWith("cpu mhz")) {
                if (mhz == null) {
                    mhz = line;
                } else if (!mhz.equals(line)) {
                    mixed = true;
                }
            }
        }
        String name;
        if (mixed) {
            name = "Mixed CPUs";
        } else if (model == null) {
            name = "";
        } else {
            name = cleanName(afterColon(model));
        }
        String speed = "";
        if (!mixed && mhz != null && !name.endsWith("Hz")) {
            speed = speed(afterColon(mhz));
        }
        String prefix = count == 1 ? "" : count + " Cores: ";
        String all = prefix + name + speed;
        return all.length() > 63 ? all.substring(0, 63) : all;
    }

    private static String afterColon(String line) {
        int colon = line.indexOf(':');
        String rest = colon < 0 ? "" : line.substring(colon + 1);
        int i = 0;
        while (i < rest.length() && rest.charAt(i) == ' ') {
            i++;
        }
        return rest.substring(i);
    }

    private static String cleanName(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (startsWithIgnoreCase(text, i, "(R)")) {
                i += 3;
            } else if (startsWithIgnoreCase(text, i, "(TM)")) {
                i += 4;
            }
            if (startsWithIgnoreCase(text, i, "CPU ")) {
                i += 4;
            }
            if (i >= text.length()) {
                break;
            }
            if (startsWithIgnoreCase(text, i, "Processor ")) {
                i += 10;
            } else if (text.startsWith("  ", i)) {
                i++;
            } else if (text.charAt(i) == '\n') {
                i++;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean startsWithIgnoreCase(String s, int at, String prefix) {
        return s.regionMatches(true, at, prefix, 0, prefix.length());
    }

    private static String speed(String mhzText) {
        int end = 0;
        while (end < mhzText.length() && Character.isDigit(mhzText.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return "";
        }
        long f = Long.parseLong(mhzText.substring(0, end));
        if (f < 1000) {
            return " " + f + "MHz";
        }
        return " " + new java.math.BigDecimal(f / 1000.0).setScale(1, java.math.RoundingMode.HALF_EVEN)
                .toPlainString() + "GHz";
    }
}
