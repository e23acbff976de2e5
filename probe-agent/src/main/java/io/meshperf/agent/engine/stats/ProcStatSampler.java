package io.meshperf.agent.engine.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's snapshots: real time from {@link System#nanoTime()} in ticks, CPU counters from the
 * first line of /proc/stat, exactly what qperf records. USER_HZ is 100 on every mainstream Linux
 * build and Java cannot ask sysconf, so 100 is assumed. Thread-safe; reads a small file per call.
 */
public final class ProcStatSampler implements CpuSampler {

    private static final Logger LOG = LoggerFactory.getLogger(ProcStatSampler.class);
    private static final int TICKS = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final boolean procAvailable = Files.isReadable(PROC_STAT);
    private volatile boolean warned;

    /** Reads both sources once, so that the first test's start snapshot is not slowed by loading. */
    public ProcStatSampler() {
        snapshot();
        processCpuNanos();
    }

    @Override
    public int ticksPerSecond() {
        return TICKS;
    }

    @Override
    public int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public CpuSnapshot snapshot() {
        long real = System.nanoTime() / NANOS_PER_TICK;
        long[] slots = new long[CpuSnapshot.SLOTS];
        slots[0] = real;
        if (procAvailable) {
            try {
                String first = firstLine(Files.readAllBytes(PROC_STAT));
                long[] counters = parseCpuLine(first);
                System.arraycopy(counters, 0, slots, 1, CpuSnapshot.SLOTS - 1);
            } catch (IOException | RuntimeException e) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot read {}; CPU figures will be 0: {}", PROC_STAT, e.toString());
                }
            }
        }
        return CpuSnapshot.of(slots);
    }

    @Override
    public long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private static String firstLine(byte[] content) {
        String text = new String(content, 0, Math.min(content.length, 512), StandardCharsets.US_ASCII);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * Parses the aggregate {@code cpu} line into user, nice, system, idle, iowait, irq, softirq and
     * steal. Missing trailing fields are 0; guest fields are ignored.
     */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 0 || !"cpu".equals(f[0])) {
            throw new IllegalArgumentException("not an aggregate cpu line: " + line);
        }
        long[] out = new long[CpuSnapshot.SLOTS - 1];
        for (int i = 0; i < out.length && i + 1 < f.length; i++) {
            out[i] = Long.parseLong(f[i + 1]);
        }
        return Arrays.copyOf(out, out.length);
    }
}
