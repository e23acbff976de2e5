package io.meshperf.coordinator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;

/**
 * Times a piece of work and counts the bytes it allocates on the calling thread, over repeats after
 * a warm-up. Runs on the caller's thread and blocks for as long as the work takes.
 */
final class Sampler {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /**
     * Wall-clock and on-CPU timings in nanoseconds (each sorted), mean allocated bytes per run, and
     * the sum of the work's results. CPU time leaves out the time the thread waited for a core, which
     * on a shared machine is most of the wall-clock tail.
     */
    record Samples(long[] nanos, long[] cpuNanos, long allocatedBytesPerRun, long resultSum) {
        long median() {
            return nanos[nanos.length / 2];
        }

        long p99() {
            return percentile(nanos, 0.99);
        }

        long max() {
            return nanos[nanos.length - 1];
        }

        long cpuMedian() {
            return cpuNanos[cpuNanos.length / 2];
        }

        long cpuP99() {
            return percentile(cpuNanos, 0.99);
        }

        private static long percentile(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
        }
    }

    private Sampler() {
    }

    /**
     * Runs {@code work} {@code warmup} times untimed, then {@code repeats} times timed. The work's
     * return value is kept so the JIT cannot discard the work.
     */
    static Samples sample(int warmup, int repeats, IntToLong work) {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
        }
        if (!THREADS.isCurrentThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += work.run(i);
        }
        long[] nanos = new long[repeats];
        long[] cpuNanos = new long[repeats];
        long allocated = 0;
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < repeats; i++) {
            long bytesBefore = THREADS.getThreadAllocatedBytes(thread);
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            sink += work.run(warmup + i);
            nanos[i] = System.nanoTime() - start;
            cpuNanos[i] = THREADS.getCurrentThreadCpuTime() - cpuBefore;
            allocated += THREADS.getThreadAllocatedBytes(thread) - bytesBefore;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpuNanos);
        return new Samples(nanos, cpuNanos, allocated / repeats, sink);
    }

    /** Heap in use after asking for a full collection a few times until it stops shrinking. */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** Work indexed by run number (so each run can plan a different round or slot). */
    @FunctionalInterface
    interface IntToLong {
        long run(int iteration);
    }
}
