package io.meshperf.agent.engine.stats;

/**
 * qperf's per-node values (section 8.3), all derived from one {@link NodeRecord}. Times in seconds,
 * CPU shares as fractions (1.0 = one CPU busy).
 */
public record NodeFigures(double timeReal, double timeCpu, double cpuUser, double cpuIntr, double cpuKernel,
                          double cpuIowait, double cpuTotal) {

    public static final NodeFigures ZERO = new NodeFigures(0, 0, 0, 0, 0, 0, 0);

    /** Computes the values exactly as qperf does, including its single-precision CPU time. */
    public static NodeFigures of(NodeRecord r) {
        CpuSnapshot a = r.start();
        CpuSnapshot b = r.end();
        long s = b.real() - a.real();
        int t = r.noTicks();
        if (s == 0 || t == 0) {
            return ZERO;
        }
        long user = b.user() - a.user();
        long nice = b.nice() - a.nice();
        long system = b.system() - a.system();
        long iowait = b.iowait() - a.iowait();
        long irq = b.irq() - a.irq();
        long softirq = b.softirq() - a.softirq();
        long steal = b.steal() - a.steal();
        long cpu = user + nice + system + iowait + irq + softirq + steal;
        double sd = s;
        double cpuUser = (user + nice) / sd;
        double cpuIntr = (irq + softirq) / sd;
        double cpuKernel = (system + steal) / sd;
        double cpuIowait = iowait / sd;
        return new NodeFigures(sd / t, (double) ((float) cpu / (float) t), cpuUser, cpuIntr, cpuKernel, cpuIowait,
                cpuUser + cpuIntr + cpuKernel + cpuIowait);
    }
}
