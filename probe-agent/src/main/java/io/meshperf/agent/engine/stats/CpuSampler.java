package io.meshperf.agent.engine.stats;

/**
 * Takes qperf snapshots. Implementations are thread-safe; a call may block briefly on a file read.
 * Tests inject a fixed sampler instead of the machine's.
 */
public interface CpuSampler {

    /** Ticks per second of every slot. */
    int ticksPerSecond();

    /** Online CPUs (informational in qperf). */
    int cpus();

    /** A snapshot now. Never fails: missing counters read as 0, which qperf treats as "not shown". */
    CpuSnapshot snapshot();

    /** CPU time this process has used so far, in nanoseconds, or -1 when unknown. */
    long processCpuNanos();
}
