package io.meshperf.agent.engine.stats;

/**
 * One of qperf's nine-slot snapshots (section 8.1): a tick counter for real time and the machine-wide
 * /proc/stat counters, all in ticks ({@code USER_HZ}).
 */
public record CpuSnapshot(long real, long user, long nice, long system, long idle, long iowait, long irq,
                          long softirq, long steal) {

    public static final int SLOTS = 9;

    public static CpuSnapshot of(long[] slots) {
        if (slots.length != SLOTS) {
            throw new IllegalArgumentException("a snapshot has " + SLOTS + " slots, got " + slots.length);
        }
        return new CpuSnapshot(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5], slots[6], slots[7],
                slots[8]);
    }

    public long[] slots() {
        return new long[] {real, user, nice, system, idle, iowait, irq, softirq, steal};
    }
}
